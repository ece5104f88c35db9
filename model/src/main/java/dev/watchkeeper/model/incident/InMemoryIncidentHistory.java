package dev.watchkeeper.model.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incidents of this session, the oldest dropped beyond {@code capacity}. Thread-safe. */
public final class InMemoryIncidentHistory implements IncidentHistory {

    public static final int DEFAULT_CAPACITY = 1_000;

    private final int capacity;
    private final Map<String, Incident> byId = new LinkedHashMap<>();

    public InMemoryIncidentHistory() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryIncidentHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void record(Incident incident) {
        byId.put(incident.id(), incident);
        if (byId.size() > capacity) {
            byId.remove(byId.keySet().iterator().next());
        }
    }

    @Override
    public synchronized List<Incident> since(Instant since) {
        List<Incident> out = new ArrayList<>();
        for (Incident i : byId.values()) {
            if (since == null || !i.start().isBefore(since)) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing(Incident::start).reversed().thenComparing(Incident::id));
        return out;
    }

    @Override
    public synchronized Optional<Incident> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
