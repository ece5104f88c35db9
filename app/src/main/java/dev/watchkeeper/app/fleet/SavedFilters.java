package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.LifecycleState;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;

/** Named fleet filters, kept in a preferences node (one key per name). Values that no longer parse are skipped. */
public final class SavedFilters {

    private final Preferences node;

    public SavedFilters(Preferences node) {
        this.node = node;
    }

    public Map<String, FleetFilter> all() {
        Map<String, FleetFilter> out = new LinkedHashMap<>();
        try {
            String[] keys = node.keys();
            Arrays.sort(keys, String.CASE_INSENSITIVE_ORDER);
            for (String k : keys) {
                FleetFilter f = decode(node.get(k, null));
                if (f != null) {
                    out.put(k, f);
                }
            }
        } catch (BackingStoreException e) {
            // Nothing saved can be read: show none rather than fail the window.
            return out;
        }
        return out;
    }

    public void save(String name, FleetFilter filter) {
        node.put(name, encode(filter));
        flush();
    }

    public void remove(String name) {
        node.remove(name);
        flush();
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Kept in memory for this run; the preferences store retries later.
            org.slf4j.LoggerFactory.getLogger(SavedFilters.class).warn("saved filters not flushed: {}", e.getMessage());
        }
    }

    static String encode(FleetFilter f) {
        return f.text().replace('\n', ' ') + "\n"
                + f.lifecycles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")) + "\n"
                + f.health().stream().map(HealthFacet::key).sorted().collect(Collectors.joining(","));
    }

    static FleetFilter decode(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split("\n", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Set<LifecycleState> life = parts[1].isEmpty() ? Set.of()
                    : Arrays.stream(parts[1].split(",")).map(LifecycleState::valueOf).collect(Collectors.toSet());
            Set<HealthFacet> health = parts[2].isEmpty() ? Set.of()
                    : Arrays.stream(parts[2].split(",")).map(HealthFacet::fromKey).collect(Collectors.toSet());
            return new FleetFilter(parts[0], life, health);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
