package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.StreamHealth;

import java.util.ArrayList;
import java.util.List;

/** One value of the health filter: a block-stream or executor health, e.g. "Stream STALLED". */
public record HealthFacet(Component component, String health) {

    public enum Component { STREAM, EXECUTOR }

    public static HealthFacet stream(StreamHealth h) {
        return new HealthFacet(Component.STREAM, h.name());
    }

    public static HealthFacet executor(ExecutorHealth h) {
        return new HealthFacet(Component.EXECUTOR, h.name());
    }

    /** Every facet, streams first, in enum order. */
    public static List<HealthFacet> all() {
        List<HealthFacet> out = new ArrayList<>();
        for (StreamHealth h : StreamHealth.values()) {
            out.add(stream(h));
        }
        for (ExecutorHealth h : ExecutorHealth.values()) {
            out.add(executor(h));
        }
        return out;
    }

    public boolean matches(IndexerRow row) {
        return component == Component.STREAM
                ? row.streamHealth().name().equals(health)
                : row.executorHealth().name().equals(health);
    }

    /** Stable text for saved filters: "STREAM:STALLED". */
    public String key() {
        return component + ":" + health;
    }

    public static HealthFacet fromKey(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a health facet: " + key);
        }
        return new HealthFacet(Component.valueOf(key.substring(0, colon)), key.substring(colon + 1));
    }

    @Override
    public String toString() {
        return (component == Component.STREAM ? "Stream " : "Executor ") + health.toLowerCase(java.util.Locale.ROOT);
    }
}
