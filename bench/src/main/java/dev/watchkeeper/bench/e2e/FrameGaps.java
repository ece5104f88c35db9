package dev.watchkeeper.bench.e2e;

import java.util.Arrays;

/**
 * The frame intervals that hid frames, each with its end, so that each can be set beside what
 * else happened then: a collector pause, or every core of the machine taken. The frames a gap
 * hides are counted as {@link Samples#missedFrames} counts them. FX thread only.
 */
final class FrameGaps {

    private final long periodNanos;
    private long[] ends = new long[64];
    private long[] lengths = new long[64];
    private int size;

    FrameGaps(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** One interval between frames that ended at {@code end}; kept only if it hid a frame. */
    void add(long end, long length) {
        if (hidden(length) == 0) {
            return;
        }
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
        }
        ends[size] = end;
        lengths[size++] = length;
    }

    private long hidden(long length) {
        return Math.max(0, Math.round((double) length / periodNanos) - 1);
    }

    void clear() {
        size = 0;
    }

    /** Missed frames by what overlapped their gap: a collector pause first, then the cores taken, else neither. */
    Causes causes(GcPauses gc, MachineCpu cpu) {
        long onPause = 0;
        long coresTaken = 0;
        long other = 0;
        for (int i = 0; i < size; i++) {
            long from = ends[i] - lengths[i];
            long missed = hidden(lengths[i]);
            if (gc.during(from, ends[i])) {
                onPause += missed;
            } else if (cpu.saturatedDuring(from, ends[i])) {
                coresTaken += missed;
            } else {
                other += missed;
            }
        }
        return new Causes(onPause, coresTaken, other);
    }

    record Causes(long onPause, long coresTaken, long other) {
        @Override
        public String toString() {
            return onPause + " / " + coresTaken + " / " + other;
        }
    }
}
