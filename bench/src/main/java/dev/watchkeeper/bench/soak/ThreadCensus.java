package dev.watchkeeper.bench.soak;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Live threads counted by pool (the name with its numbers taken out: "lettuce-nioEventLoop-4-2"
 * counts as "lettuce-nioEventLoop-#-#"), after warm-up and at the end: when the thread check
 * fails, this says which pool grew.
 */
final class ThreadCensus {

    private Map<String, Integer> baseline;

    void baseline() {
        baseline = take();
    }

    String growth() {
        if (baseline == null) {
            return "no baseline thread census: the run ended before its warm-up did\n";
        }
        Map<String, Integer> now = take();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "threads after warm-up %d, at the end %d%npools that changed:%n",
                baseline.values().stream().mapToInt(Integer::intValue).sum(), now.values().stream().mapToInt(Integer::intValue).sum()));
        TreeSet<String> pools = new TreeSet<>(baseline.keySet());
        pools.addAll(now.keySet());
        for (String pool : pools) {
            int before = baseline.getOrDefault(pool, 0);
            int after = now.getOrDefault(pool, 0);
            if (before != after) {
                out.append(String.format(Locale.ROOT, "%4d → %-4d %s%n", before, after, pool));
            }
        }
        return out.toString();
    }

    private static Map<String, Integer> take() {
        Map<String, Integer> pools = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("Attach Listener")) {
                continue; // the JVM's, started when jcmd attaches
            }
            pools.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return pools;
    }
}
