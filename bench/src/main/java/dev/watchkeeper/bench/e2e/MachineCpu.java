package dev.watchkeeper.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How busy the whole machine's cores are, sampled from {@code /proc/stat} every 100 ms over a
 * measured window: the console, the writer, Redis, the health server and anything else on the
 * machine, which the console's own CPU figure (one process) leaves out. Off Linux it measures
 * nothing.
 */
final class MachineCpu implements AutoCloseable {

    static final long PERIOD_MILLIS = 100;
    /** A sample at or over this share of all cores counts as the cores being taken. */
    static final double SATURATED = 0.9;
    private static final Path STAT = Path.of("/proc/stat");

    private final java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "machine-cpu");
        t.setDaemon(true);
        return t;
    });
    /** The last reading of /proc/stat, or null where there is none (sampler thread only). */
    private long[] last;
    private final int cores = Runtime.getRuntime().availableProcessors();
    /** The share of all cores busy in each sample. */
    private double[] busy = new double[1024];
    private int size;
    private long busyTicks;
    private long allTicks;

    private MachineCpu() {
    }

    /** Samples already taken (the sampler does not run): for tests of what reads them. */
    static MachineCpu recorded(double... busy) {
        MachineCpu m = new MachineCpu();
        for (double b : busy) {
            m.add(b);
        }
        return m;
    }

    static MachineCpu start() {
        MachineCpu m = new MachineCpu();
        m.last = read();
        if (m.last != null) {
            m.sampler.scheduleAtFixedRate(m::sample, PERIOD_MILLIS, PERIOD_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return m;
    }

    private void sample() {
        long[] now = read();
        if (now == null) {
            return;
        }
        long all = now[1] - last[1];
        long busyNow = now[0] - last[0];
        synchronized (this) {
            add(all == 0 ? 0 : (double) busyNow / all);
            busyTicks += busyNow;
            allTicks += all;
        }
        last = now;
    }

    private void add(double share) {
        if (size == busy.length) {
            busy = Arrays.copyOf(busy, size * 2);
        }
        busy[size++] = share;
    }

    /** {busy ticks, all ticks} of the first line of /proc/stat, or null where there is none. */
    private static long[] read() {
        try {
            return parse(Files.readAllLines(STAT).getFirst());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "cpu user nice system idle iowait irq softirq steal ...": idle and iowait are the cores' free time. */
    static long[] parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the all-cores line of /proc/stat: " + line);
        }
        long all = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) { // guest time is already in user time
            all += Long.parseLong(f[i]);
        }
        long free = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[]{all - free, all};
    }

    /** The whole machine's average busy cores since the sampler started; NaN when nothing was sampled. */
    synchronized double averageCores() {
        return allTicks == 0 ? Double.NaN : cores * (double) busyTicks / allTicks;
    }

    /** Share (0..1) of the samples with the cores taken. */
    synchronized double saturatedShare() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (busy[i] >= SATURATED) {
                n++;
            }
        }
        return size == 0 ? Double.NaN : (double) n / size;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
