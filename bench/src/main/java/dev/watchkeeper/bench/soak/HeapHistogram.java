package dev.watchkeeper.bench.soak;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class histograms of the live heap (the JVM's {@code GC.class_histogram}) at the end of the
 * warm-up and at the end of the run, and which classes grew between them: when the heap check
 * fails, this names the structure that grows.
 */
final class HeapHistogram {

    private static final Pattern ROW = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");

    private record Entry(long instances, long bytes) {
    }

    private Map<String, Entry> baseline;

    void baseline() {
        baseline = take();
    }

    /** The {@code top} classes that grew most in bytes since the baseline, as text (or why there is none). */
    String growth(int top) {
        if (baseline == null) {
            return "no baseline histogram: the run ended before its warm-up did\n";
        }
        Map<String, Entry> now = take();
        long before = baseline.values().stream().mapToLong(Entry::bytes).sum();
        long after = now.values().stream().mapToLong(Entry::bytes).sum();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "live objects after warm-up %.1f MB, at the end %.1f MB (%+.1f MB)%nclasses that grew most (bytes, instances):%n",
                before / 1048576.0, after / 1048576.0, (after - before) / 1048576.0));
        now.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), delta(baseline.get(e.getKey()), e.getValue())))
                .filter(e -> e.getValue().bytes() > 0)
                .sorted((a, b) -> Long.compare(b.getValue().bytes(), a.getValue().bytes()))
                .limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%+12d B %+9d  %s%n",
                        e.getValue().bytes(), e.getValue().instances(), e.getKey())));
        return out.toString();
    }

    private static Entry delta(Entry before, Entry after) {
        return before == null ? after : new Entry(after.instances() - before.instances(), after.bytes() - before.bytes());
    }

    private static Map<String, Entry> take() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[]{new String[0]}, new String[]{String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("class histogram unavailable: " + e.getMessage(), e);
        }
        Map<String, Entry> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.merge(m.group(3), new Entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new Entry(a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return rows;
    }
}
