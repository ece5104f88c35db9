package dev.watchkeeper.bench.e2e;

import java.util.Arrays;

/**
 * The frame intervals that hid frames, each with its end and what the FX thread and the renderer
 * did in it, so that each missed frame can be put down to one cause (see {@link #causes}). The
 * frames a gap hides are counted by {@link #hidden}, as {@link Samples#missedFrames} counts them. FX thread only.
 */
final class FrameGaps {

    private final long periodNanos;
    private long[] ends = new long[64];
    /** Per gap: length, FX thread on a core, FX thread waiting for a core, renderer on a core (ns). */
    private long[][] figures = new long[64][];
    private int size;

    FrameGaps(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** One interval between frames that ended at {@code end}; kept only if it hid a frame. */
    void add(long end, long length, long fxRun, long fxWait, long renderRun) {
        if (hidden(length, periodNanos) == 0) {
            return;
        }
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            figures = Arrays.copyOf(figures, size * 2);
        }
        ends[size] = end;
        figures[size++] = new long[]{length, fxRun, fxWait, renderRun};
    }

    /** The frames an interval between two frames hid: one of k periods hides k-1. */
    static long hidden(long length, long periodNanos) {
        return Math.max(0, Math.round((double) length / periodNanos) - 1);
    }

    /**
     * Missed frames by what their gap holds, the first that applies: a collector pause; the FX
     * thread on a core for half the gap or more (its own work: model updates, CSS, layout); the FX
     * thread runnable but waiting for a core for half the time lost or more (every core taken);
     * the renderer on a core for half the gap or more (the FX thread waits for the frame before);
     * else none of these (a late timer, a lock).
     */
    Causes causes(GcPauses gc) {
        long[] n = new long[5];
        for (int i = 0; i < size; i++) {
            long[] f = figures[i];
            long length = f[0];
            int cause = gc.during(ends[i] - length, ends[i]) ? 0
                    : 2 * f[1] >= length ? 1
                    : 2 * f[2] >= length - periodNanos ? 2
                    : 2 * f[3] >= length ? 3
                    : 4;
            n[cause] += hidden(length, periodNanos);
        }
        return new Causes(n[0], n[1], n[2], n[3], n[4]);
    }

    record Causes(long onPause, long fxWorking, long waitingForACore, long rendering, long other) {
        static final String NAMES = "on a collector pause / FX thread working / waiting for a core / rendering / other";

        @Override
        public String toString() {
            return onPause + " / " + fxWorking + " / " + waitingForACore + " / " + rendering + " / " + other;
        }
    }
}
