package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.LifecycleState;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the fleet table shows: rows whose text contains every word, whose lifecycle is one of
 * {@code lifecycles} and whose stream or executor health is one of {@code health} (an empty set
 * means any).
 */
public record FleetFilter(String text, Set<LifecycleState> lifecycles, Set<HealthFacet> health) {

    public static final FleetFilter NONE = new FleetFilter("", Set.of(), Set.of());

    public FleetFilter {
        text = text == null ? "" : text;
        lifecycles = Set.copyOf(lifecycles);
        health = Set.copyOf(health);
    }

    public boolean isEmpty() {
        return text.isBlank() && lifecycles.isEmpty() && health.isEmpty();
    }

    /** True when whether a row passes can change with its state or health (the text also matches those). */
    public boolean followsChanges() {
        return !isEmpty();
    }

    /** Null when everything passes (so FilteredList skips the test). */
    public Predicate<IndexerRow> predicate() {
        if (isEmpty()) {
            return null;
        }
        String[] words = text.isBlank() ? new String[0] : text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return row -> {
            if (!lifecycles.isEmpty() && !lifecycles.contains(row.state().lifecycle())) {
                return false;
            }
            if (!health.isEmpty() && health.stream().noneMatch(f -> f.matches(row))) {
                return false;
            }
            if (words.length == 0) {
                return true;
            }
            String hay = (row.id().fullName() + " " + row.state().lifecycleText() + " stream " + row.streamHealth()
                    + " executor " + row.executorHealth()).toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (!hay.contains(w)) {
                    return false;
                }
            }
            return true;
        };
    }
}
