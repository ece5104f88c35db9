package dev.watchkeeper.connectors.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Quantiles from cumulative histogram buckets, as Prometheus's {@code histogram_quantile} computes them. */
public final class Histograms {

    /** One cumulative bucket: {@code count} observations at or below {@code upperBound} ({@code +Inf} for the last). */
    public record Bucket(double upperBound, double count) {
    }

    private Histograms() {
    }

    /**
     * The {@code q}-quantile, interpolated linearly inside its bucket (the first bucket starts at 0);
     * a quantile in the {@code +Inf} bucket is the highest finite bound. Null without observations
     * or without a {@code +Inf} bucket.
     */
    public static Double quantile(double q, List<Bucket> buckets) {
        if (buckets.isEmpty() || Double.isNaN(q)) {
            return null;
        }
        List<Bucket> b = new ArrayList<>(buckets);
        b.sort(Comparator.comparingDouble(Bucket::upperBound));
        Bucket last = b.getLast();
        if (last.upperBound() != Double.POSITIVE_INFINITY || !(last.count() > 0)) {
            return null;
        }
        double rank = Math.min(1, Math.max(0, q)) * last.count();
        double prevBound = 0;
        double prevCount = 0;
        for (int i = 0; i < b.size(); i++) {
            Bucket k = b.get(i);
            // counts can only grow with the bound; a scrape that says otherwise is taken at its higher value
            double count = Math.max(prevCount, k.count());
            if (count >= rank) {
                if (k.upperBound() == Double.POSITIVE_INFINITY) {
                    return i == 0 ? null : b.get(i - 1).upperBound();
                }
                if (count == prevCount) {
                    return k.upperBound();
                }
                double lower = i == 0 && k.upperBound() <= 0 ? k.upperBound() : prevBound;
                return lower + (k.upperBound() - lower) * (rank - prevCount) / (count - prevCount);
            }
            prevBound = k.upperBound();
            prevCount = count;
        }
        return null;
    }
}
