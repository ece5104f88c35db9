package dev.watchkeeper.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Samples this process's CPU load and the state change rate every second; logs them every ten. */
final class CpuMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CpuMonitor.class);
    private static final int WINDOW = 5;

    private final LongSupplier totalChanges;
    private final com.sun.management.OperatingSystemMXBean os;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wk-sim-stats");
        t.setDaemon(true);
        return t;
    });
    private volatile double cpu = -1;
    private volatile double rate;
    private int ticks;
    private volatile Runnable logLine = () -> { };

    CpuMonitor(LongSupplier totalChanges) {
        this.totalChanges = totalChanges;
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b ? b : null;
        thread.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    void onLog(Runnable r) {
        logLine = r;
    }

    private void sample() {
        try {
            long now = System.nanoTime();
            samples.addLast(new long[] {now, totalChanges.getAsLong()});
            while (samples.size() > WINDOW + 1) {
                samples.removeFirst();
            }
            long[] first = samples.peekFirst();
            long[] last = samples.peekLast();
            rate = last[0] == first[0] ? 0 : (last[1] - first[1]) * 1e9 / (last[0] - first[0]);
            if (os != null) {
                cpu = os.getProcessCpuLoad();
            }
            if (++ticks % 10 == 0) {
                logLine.run();
            }
        } catch (RuntimeException e) {
            LOG.debug("stats sample failed: {}", e.toString());
        }
    }

    double processCpuLoad() {
        return cpu;
    }

    double changesPerSecond() {
        return rate;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
