package dev.watchkeeper.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who had the cores over a stretch of time (Linux {@code /proc}): each thread of this process by
 * name ({@code schedstat}, nanoseconds on a core), and every other process ({@code stat}, user plus
 * system time). A load whose FX thread waited for a core is explained by the rest: the console's
 * other threads, the compilers and the collector among them, and what else ran on the machine.
 * A thread is counted only if it is alive when both censuses are taken (its /proc entry goes when
 * it ends); a process that started meanwhile counts whole. Off Linux every figure is 0.
 */
final class CpuCensus {

    /** Linux's clock ticks per second for {@code /proc/<pid>/stat}: 100 on every kernel config this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> threadNanos;
    private final Map<String, Long> processTicks;
    private final Map<String, String> processNames;

    private CpuCensus(Map<String, Long> threadNanos, Map<String, Long> processTicks, Map<String, String> processNames) {
        this.threadNanos = threadNanos;
        this.processTicks = processTicks;
        this.processNames = processNames;
    }

    static CpuCensus take() {
        Map<String, Long> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    threads.merge(Files.readString(t.resolve("comm")).strip() + "#" + t.getFileName(),
                            ThreadSched.parse(Files.readString(t.resolve("schedstat")))[0], Long::sum);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            });
        } catch (IOException e) {
            // not Linux
        }
        Map<String, Long> processes = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                if (Long.parseLong(p.getFileName().toString()) == self) {
                    return;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name
                    // keyed by pid: a kernel worker's name changes with the work it does
                    processes.put(p.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    names.put(p.getFileName().toString(), name);
                } catch (IOException | RuntimeException e) {
                    // a process that ended meanwhile
                }
            });
        } catch (IOException e) {
            // not Linux
        }
        return new CpuCensus(threads, processes, names);
    }

    /** What ran from {@code before} to this census. */
    Share since(CpuCensus before) {
        Map<String, Double> threads = new HashMap<>();
        threadNanos.forEach((k, v) -> threads.merge(name(k), (v - before.threadNanos.getOrDefault(k, 0L)) / 1e9, Double::sum));
        Map<String, Double> processes = new HashMap<>();
        // a process that started meanwhile counts whole
        processTicks.forEach((pid, v) -> processes.merge(folded(processNames.get(pid)),
                (v - before.processTicks.getOrDefault(pid, 0L)) / TICKS_PER_SECOND, Double::sum));
        return new Share(threads, processes);
    }

    /** A thread's name without its id ("name#tid"), numbers folded. */
    private static String name(String key) {
        return folded(key.substring(0, key.lastIndexOf('#')));
    }

    /** Numbers folded: "C# CompilerThre" for every compiler thread, "redis-server-#" for each server. */
    private static String folded(String name) {
        return name.replaceAll("\\d+", "#");
    }

    /** Seconds on a core by thread name (this process) and by process name (the others). */
    record Share(Map<String, Double> threads, Map<String, Double> processes) {

        double threadsTotal() {
            return threads.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double processesTotal() {
            return processes.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The {@code n} largest of {@code of}, "name 0.12 s" each. */
        static String top(Map<String, Double> of, int n) {
            List<Map.Entry<String, Double>> sorted = new ArrayList<>(of.entrySet());
            sorted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
            return sorted.stream().limit(n).filter(e -> e.getValue() >= 0.005)
                    .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        }
    }
}
