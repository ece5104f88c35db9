package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.IndexerId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Problems that began close together and share a likely cause, as one thing for the operator.
 *
 * @param id        stable for the incident's life, e.g. {@code INC-20261130T120001Z-3}
 * @param kind      the members' kind ({@link Problem#kind()})
 * @param title     the likely cause in plain words
 * @param start     the first member's start
 * @param end       when the last member recovered; null while any member lasts
 * @param members   in order of start
 * @param evidence  why these problems were grouped, one fact a line
 */
public record Incident(String id, String kind, String kindLabel, String title, Instant start, Instant end,
                       List<IncidentMember> members, List<String> evidence) {

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        members = List.copyOf(members);
        evidence = List.copyOf(evidence);
    }

    public boolean resolved() {
        return end != null;
    }

    public int size() {
        return members.size();
    }

    public long activeCount() {
        return members.stream().filter(m -> !m.recovered()).count();
    }

    /** The indexers among the members (pooler projects and sources have none), in member order. */
    public List<IndexerId> indexers() {
        return members.stream().map(m -> m.problem().indexer()).filter(Objects::nonNull).distinct().toList();
    }

    /** From the first member's start to the last member's recovery; null while unresolved. */
    public Duration timeToRecovery() {
        return end == null ? null : Duration.between(start, end);
    }

    /** How long it has lasted until {@code now}, or lasted when resolved. */
    public Duration duration(Instant now) {
        return Duration.between(start, end == null ? now : end);
    }
}
