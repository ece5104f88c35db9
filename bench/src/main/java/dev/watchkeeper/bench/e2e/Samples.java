package dev.watchkeeper.bench.e2e;

import java.util.Arrays;

/** A growable list of long samples (nanoseconds) with percentiles. Not thread-safe: one writer thread. */
public final class Samples {

    private long[] values = new long[1024];
    private int size;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The p-th percentile (0..100) in milliseconds, NaN when empty. */
    public double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, i))] / 1e6;
    }

    long countAbove(long threshold) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (values[i] > threshold) {
                n++;
            }
        }
        return n;
    }

    /** Frames missed at 60 Hz: each interval of k frame periods hides k-1 frames. */
    long missedFrames(long periodNanos) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            n += FrameGaps.hidden(values[i], periodNanos);
        }
        return n;
    }

    long sum() {
        long s = 0;
        for (int i = 0; i < size; i++) {
            s += values[i];
        }
        return s;
    }
}
