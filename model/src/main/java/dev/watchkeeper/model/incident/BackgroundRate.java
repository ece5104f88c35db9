package dev.watchkeeper.model.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The normal rate of one kind of problem: how many begin within one window, as a trimmed mean of
 * the counts of the last {@code horizon}'s windows (the current and the previous window left out, so
 * a burst does not raise its own bar; the busiest tenth of the windows left out, so an outage an
 * hour ago does not either). A fleet where six indexers a minute stall on their own makes five
 * stalls within a minute ordinary; the incident engine asks this baseline how many problems within
 * one window the background would bring only with a small probability (a Poisson tail).
 */
final class BackgroundRate {

    /** Fewer complete windows watched than this: no baseline yet (the fixed minimum applies). */
    static final int MIN_WINDOWS = 2;

    private final long windowMs;
    private final int windows;
    private final TreeMap<Long, Integer> counts = new TreeMap<>();
    private long cachedAt = Long.MIN_VALUE;
    private double cached;

    BackgroundRate(Duration window, Duration horizon) {
        this.windowMs = window.toMillis();
        this.windows = (int) Math.max(1, horizon.toMillis() / windowMs);
    }

    void started(Instant start) {
        counts.merge(Math.floorDiv(start.toEpochMilli(), windowMs), 1, Integer::sum);
    }

    void forget(Instant now) {
        counts.headMap(Math.floorDiv(now.toEpochMilli(), windowMs) - windows - 2).clear();
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Background problems expected within one window, watching since {@code watchingSince}; 0 while there is no baseline yet. */
    double expectedPerWindow(Instant watchingSince, Instant now) {
        long current = Math.floorDiv(now.toEpochMilli(), windowMs);
        if (current == cachedAt) {
            return cached;
        }
        long last = current - 1;
        long first = Math.max(Math.floorDiv(watchingSince.toEpochMilli(), windowMs) + 1, last - windows + 1);
        int k = (int) (last - first + 1);
        double mean = 0;
        if (k >= MIN_WINDOWS) {
            int[] c = new int[k];
            for (int i = 0; i < k; i++) {
                c[i] = counts.getOrDefault(first + i, 0);
            }
            java.util.Arrays.sort(c);
            int kept = k - k / 10;
            long sum = 0;
            for (int i = 0; i < kept; i++) {
                sum += c[i];
            }
            mean = (double) sum / kept;
        }
        cachedAt = current;
        cached = mean;
        return mean;
    }

    /**
     * The smallest count that the background, {@code mean} problems per window on average, reaches
     * within one window with probability at most {@code significance}: P(N ≥ n) ≤ significance for
     * N ~ Poisson(mean).
     */
    static int significantCount(double mean, double significance) {
        if (mean <= 0) {
            return 1;
        }
        if (mean > 100) {
            // normal approximation; the exact sum underflows here
            double z = normalQuantile(1 - significance);
            return (int) Math.ceil(mean + z * Math.sqrt(mean) + 0.5);
        }
        double p = Math.exp(-mean);
        double cdf = p;
        int n = 0;
        // P(N >= n+1) = 1 - cdf(n)
        while (1 - cdf > significance) {
            n++;
            p *= mean / n;
            cdf += p;
        }
        return n + 1;
    }

    /** Acklam's rational approximation of the standard normal quantile (plenty for a threshold). */
    private static double normalQuantile(double q) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double high = 1 - 0.02425;
        if (q < 1 - high) {
            return -normalQuantile(1 - q);
        }
        if (q > high) {
            double t = Math.sqrt(-2 * Math.log(1 - q));
            return -(((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
        }
        double t = q - 0.5;
        double r = t * t;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
