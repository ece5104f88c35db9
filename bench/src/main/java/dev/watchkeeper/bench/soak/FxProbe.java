package dev.watchkeeper.bench.soak;

import javafx.application.Platform;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * FX-thread responsiveness: every 100 ms a call is posted to the FX thread and the time until it
 * runs is recorded, in 1-ms buckets (constant memory however long the run), for the whole run and
 * for the current minute. Calls that overlap the soak's own forced full collections (heap samples)
 * are set aside, since that pause is the measurement's, not the console's; they are counted.
 */
final class FxProbe implements AutoCloseable {

    static final long TIMEOUT_MS = 5_000;
    private static final long PERIOD_MS = 100;

    private final Histogram run = new Histogram();
    private Histogram minute = new Histogram();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile long pauseStarted;
    private volatile long pauseEnded;
    private long setAside;
    private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-fx-probe");
        t.setDaemon(true);
        return t;
    });

    FxProbe start() {
        timer.scheduleWithFixedDelay(this::probe, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Around a forced full collection: probes overlapping it are set aside. */
    void pausing(boolean paused) {
        if (paused) {
            pauseStarted = System.nanoTime();
            pauseEnded = Long.MAX_VALUE;
        } else {
            pauseEnded = System.nanoTime();
        }
    }

    /** One call posted to the FX thread, timed; the timer runs the next one PERIOD_MS after it answered. */
    private void probe() {
        if (stopped) {
            return;
        }
        long t0 = System.nanoTime();
        CountDownLatch answered = new CountDownLatch(1);
        Platform.runLater(answered::countDown);
        long ms;
        try {
            ms = answered.await(TIMEOUT_MS, TimeUnit.MILLISECONDS) ? (System.nanoTime() - t0) / 1_000_000 : TIMEOUT_MS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long t1 = System.nanoTime();
        boolean overlapsGc = t0 < pauseEnded && t1 > pauseStarted && pauseStarted != 0;
        synchronized (this) {
            if (overlapsGc) {
                setAside++;
            } else {
                run.add(ms);
                minute.add(ms);
            }
        }
    }

    /** This minute's figures; starts the next minute. */
    synchronized Histogram takeMinute() {
        Histogram m = minute;
        minute = new Histogram();
        return m;
    }

    synchronized Histogram run() {
        return run.copy();
    }

    synchronized long setAside() {
        return setAside;
    }

    @Override
    public void close() {
        stopped = true;
        timer.shutdownNow();
    }

    /** Latencies in 1-ms buckets up to the timeout. */
    static final class Histogram {
        private final long[] counts = new long[(int) TIMEOUT_MS + 1];
        private long n;
        private long max;

        void add(long ms) {
            counts[(int) Math.max(0, Math.min(TIMEOUT_MS, ms))]++;
            n++;
            max = Math.max(max, ms);
        }

        long count() {
            return n;
        }

        long max() {
            return max;
        }

        /** The smallest latency that {@code p} (0..1) of the calls did not exceed; 0 when none. */
        long percentile(double p) {
            if (n == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(p * n);
            long seen = 0;
            for (int ms = 0; ms < counts.length; ms++) {
                seen += counts[ms];
                if (seen >= rank) {
                    return ms;
                }
            }
            return TIMEOUT_MS;
        }

        long over(long ms) {
            long c = 0;
            for (int i = (int) ms + 1; i < counts.length; i++) {
                c += counts[i];
            }
            return c;
        }

        Histogram copy() {
            Histogram h = new Histogram();
            System.arraycopy(counts, 0, h.counts, 0, counts.length);
            h.n = n;
            h.max = max;
            return h;
        }
    }
}
