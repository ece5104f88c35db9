package dev.watchkeeper.model.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where incidents are kept after they happened, for the incident list and postmortem reports.
 * {@link InMemoryIncidentHistory} until a persistent fleet-history store exists; a store implements this.
 */
public interface IncidentHistory {

    /** Adds the incident, or replaces the one with the same id (incidents grow and resolve). */
    void record(Incident incident);

    /** Incidents that started at or after {@code since} (everything when null), newest first. */
    List<Incident> since(Instant since);

    Optional<Incident> find(String id);
}
