package dev.watchkeeper.connectors.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scrape said: its samples (lines that could not be read are left out and counted),
 * the {@code # TYPE} of each metric family, and the first problems found, with line numbers.
 */
public final class Exposition {

    private final List<Sample> samples;
    private final Map<String, String> types;
    private final List<String> problems;
    private final int badLines;
    private Map<String, List<Sample>> byName;

    Exposition(List<Sample> samples, Map<String, String> types, List<String> problems, int badLines) {
        this.samples = Collections.unmodifiableList(samples);
        this.types = Collections.unmodifiableMap(types);
        this.problems = List.copyOf(problems);
        this.badLines = badLines;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Samples named exactly {@code name} (for a histogram: {@code x_bucket}, {@code x_sum}, {@code x_count}). */
    public synchronized List<Sample> samples(String name) {
        if (byName == null) {
            Map<String, List<Sample>> m = new HashMap<>();
            for (Sample s : samples) {
                m.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
            }
            byName = m;
        }
        return byName.getOrDefault(name, List.of());
    }

    /** {@code counter}, {@code gauge}, {@code histogram}, {@code summary} or {@code untyped}, as declared; null when undeclared. */
    public String type(String family) {
        return types.get(family);
    }

    /** The metric families declared by {@code # TYPE} lines. */
    public java.util.Set<String> declaredFamilies() {
        return types.keySet();
    }

    /** The first problems, each naming its line; at most {@link ExpositionParser#MAX_PROBLEMS}. */
    public List<String> problems() {
        return problems;
    }

    /** How many lines were skipped as unreadable. */
    public int badLines() {
        return badLines;
    }
}
