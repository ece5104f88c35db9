package dev.watchkeeper.bench.soak;

import dev.watchkeeper.simulator.Faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Infrastructure faults on a fixed rotation, so a soak also exercises reconnects and resyncs: Redis
 * restarted empty (the simulator writes every key again), the coordinator killed for 20 s, the
 * pooler snapshotter paused for a minute.
 */
final class InfraFaults implements AutoCloseable {

    private static final Duration COORDINATOR_DOWN = Duration.ofSeconds(20);
    private static final Duration SNAPSHOTTER_PAUSED = Duration.ofMinutes(1);

    private final Faults faults;
    private final Duration every;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-infra-faults");
        t.setDaemon(true);
        return t;
    });
    private final List<String> injected = new ArrayList<>();
    private final long start = System.nanoTime();
    private int next;

    InfraFaults(Faults faults, Duration every) {
        this.faults = faults;
        this.every = every;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::inject, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void inject() {
        switch (next++ % 3) {
            case 0 -> {
                record("Redis restarted empty");
                faults.restartRedis();
            }
            case 1 -> {
                record("coordinator killed for " + COORDINATOR_DOWN.toSeconds() + " s");
                faults.killCoordinator();
                timer.schedule(faults::reviveCoordinator, COORDINATOR_DOWN.toMillis(), TimeUnit.MILLISECONDS);
            }
            default -> {
                record("snapshotter paused for " + SNAPSHOTTER_PAUSED.toSeconds() + " s");
                faults.snapshotterActive(false);
                timer.schedule(() -> faults.snapshotterActive(true), SNAPSHOTTER_PAUSED.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private synchronized void record(String what) {
        String line = String.format("%.0f s %s", (System.nanoTime() - start) / 1e9, what);
        injected.add(line);
        System.out.println("soak infrastructure fault at " + line);
    }

    synchronized List<String> injected() {
        return List.copyOf(injected);
    }

    /** Stops the rotation and undoes whatever is still in effect. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (!faults.coordinatorAlive()) {
            faults.reviveCoordinator();
        }
        faults.snapshotterActive(true);
    }
}
