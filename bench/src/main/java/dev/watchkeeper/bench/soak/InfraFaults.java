package dev.watchkeeper.bench.soak;

import dev.watchkeeper.simulator.Faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Infrastructure faults on a fixed rotation, one every {@code every}: Redis restarted empty (the
 * simulator writes every key again), the coordinator killed, the coordinator hung (every call
 * waits longer than the console's deadline), the block streamer's and the runner's APIs down.
 * Each but the Redis restart lasts {@link #OUTAGE}; each is recorded with when it was undone, so
 * the model check can say how long the console took to equal Redis again.
 */
final class InfraFaults implements AutoCloseable {

    static final Duration OUTAGE = Duration.ofSeconds(20);
    /** Longer than any deadline of the console's, so a hung coordinator's calls all end at their deadline. */
    private static final Duration HANG = Duration.ofSeconds(30);

    enum Kind {
        REDIS_RESTART("Redis restarted empty"),
        COORDINATOR_KILLED("coordinator killed"),
        COORDINATOR_HUNG("coordinator hung"),
        BLOCK_STREAMER_DOWN("block streamer down"),
        RUNNER_DOWN("runner down");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /** One fault: when it began and when it was undone (seconds into the run; NaN while in effect). */
    static final class Fault {
        final Kind kind;
        final double start;
        volatile double end = Double.NaN;
        /** Seconds after {@link #end} at which a model check round that began after the end passed or failed; NaN until then. */
        volatile double convergedAfter = Double.NaN;
        volatile Boolean converged;

        Fault(Kind kind, double start) {
            this.kind = kind;
            this.start = start;
        }
    }

    private final Faults faults;
    private final Duration every;
    private volatile long startNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-infra-faults");
        t.setDaemon(true);
        return t;
    });
    private final List<Fault> injected = new ArrayList<>();
    private int next;
    private volatile Runnable onUndone = () -> {
    };

    InfraFaults(Faults faults, Duration every, long startNanos) {
        this.faults = faults;
        this.every = every;
        this.startNanos = startNanos;
    }

    /** Told (on the fault timer's thread) each time a fault has been undone. */
    void onUndone(Runnable r) {
        onUndone = r;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::inject, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private double now() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void inject() {
        Kind kind = Kind.values()[next++ % Kind.values().length];
        Fault f = record(kind);
        switch (kind) {
            case REDIS_RESTART -> {
                faults.restartRedis();
                undone(f);
            }
            case COORDINATOR_KILLED -> {
                faults.killCoordinator();
                later(f, faults::reviveCoordinator);
            }
            case COORDINATOR_HUNG -> {
                faults.slowCoordinator(HANG);
                later(f, () -> faults.slowCoordinator(Duration.ZERO));
            }
            case BLOCK_STREAMER_DOWN -> {
                faults.blockStreamerUp(false);
                later(f, () -> faults.blockStreamerUp(true));
            }
            case RUNNER_DOWN -> {
                faults.runnerUp(false);
                later(f, () -> faults.runnerUp(true));
            }
        }
    }

    private void later(Fault f, Runnable undo) {
        timer.schedule(() -> {
            undo.run();
            undone(f);
        }, OUTAGE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void undone(Fault f) {
        f.end = now();
        System.out.printf(java.util.Locale.ROOT, "soak fault undone at %.0f s: %s%n", f.end, f.kind.text);
        onUndone.run();
    }

    private synchronized Fault record(Kind kind) {
        Fault f = new Fault(kind, now());
        injected.add(f);
        System.out.printf(java.util.Locale.ROOT, "soak fault at %.0f s: %s%n", f.start, kind.text);
        return f;
    }

    synchronized List<Fault> injected() {
        return List.copyOf(injected);
    }

    /** Whether a fault is in effect now (begun and not yet undone). */
    synchronized boolean active() {
        return !injected.isEmpty() && Double.isNaN(injected.getLast().end);
    }

    /** Stops the rotation and undoes whatever is still in effect (recorded as undone now). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!faults.coordinatorAlive()) {
            faults.reviveCoordinator();
        }
        faults.slowCoordinator(Duration.ZERO);
        faults.blockStreamerUp(true);
        faults.runnerUp(true);
        synchronized (this) {
            injected.stream().filter(f -> Double.isNaN(f.end)).forEach(this::undone);
        }
    }

    /** Times are counted from {@code nanos} from now on (the run starts once the console has caught up). */
    void restartClock(long nanos) {
        startNanos = nanos;
    }
}
