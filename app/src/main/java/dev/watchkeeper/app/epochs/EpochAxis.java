package dev.watchkeeper.app.epochs;

import dev.watchkeeper.model.epoch.EpochIndex;

import java.util.Arrays;

/**
 * Lays the epochs out left to right: each epoch gets a segment as wide as its time (until the
 * next release) at the current scale, but never narrower than {@link #MIN_EPOCH_PX}, and its
 * updates are placed relative to its own release. Epochs released in the same second (a
 * restarted snapshotter back-filling its window, or epochs faster than the one-second resolution
 * of the keys) therefore still get a readable column each instead of collapsing into one.
 */
final class EpochAxis {

    /** Room for an epoch header ("#19042", "✓300/300"). */
    static final double MIN_EPOCH_PX = 64;

    private final double[] start;
    private final double[] x;
    private final double[] width;
    private final double pxPerSecond;
    private final double total;

    EpochAxis(EpochIndex index, double pxPerSecond) {
        int n = index.epochs().size();
        this.pxPerSecond = pxPerSecond;
        start = new double[n];
        x = new double[n];
        width = new double[n];
        double prev = index.minTime();
        for (int e = 0; e < n; e++) {
            Long s = index.epochStart().get(e);
            start[e] = s != null ? s : prev;
            prev = start[e];
        }
        double at = 0;
        for (int e = 0; e < n; e++) {
            double end = e + 1 < n ? start[e + 1] : index.maxTime() + 1;
            x[e] = at;
            width[e] = Math.max(MIN_EPOCH_PX, (end - start[e]) * pxPerSecond);
            at += width[e];
        }
        total = at;
    }

    /** The median time (seconds) between consecutive releases that differ; 0 when there is none. */
    static double typicalEpochSeconds(EpochIndex index) {
        double[] d = new double[Math.max(0, index.epochs().size() - 1)];
        int k = 0;
        Long prev = null;
        for (Long s : index.epochStart()) {
            if (s != null && prev != null && s > prev) {
                d[k++] = s - prev;
            }
            if (s != null) {
                prev = s;
            }
        }
        if (k == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(d, k);
        Arrays.sort(sorted);
        return sorted[k / 2];
    }

    int size() {
        return x.length;
    }

    double start(int e) {
        return start[e];
    }

    /** Left edge of epoch {@code e}'s segment, from the start of the content. */
    double x(int e) {
        return x[e];
    }

    double width(int e) {
        return width[e];
    }

    double totalWidth() {
        return total;
    }

    /** Where time {@code t} of epoch {@code e} is drawn, from the start of the content. */
    double x(int e, double t) {
        return x[e] + (t - start[e]) * pxPerSecond;
    }

    /** The epoch whose segment holds content position {@code px}; -1 when there are no epochs. */
    int epochAt(double px) {
        int found = x.length == 0 ? -1 : 0;
        for (int e = 0; e < x.length; e++) {
            if (x[e] <= px) {
                found = e;
            }
        }
        return found;
    }
}
