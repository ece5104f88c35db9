package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.IndexerId;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * @param observedUntil for an unresolved incident whose engine (a console or recorder) stopped:
 *                  the last moment it was watched; null while its engine still watches it (or once resolved)
 */
public record Incident(String id, String kind, String kindLabel, String title, Instant start, Instant end,
                       List<IncidentMember> members, List<String> evidence, Instant observedUntil) {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** An incident its engine still watches (or resolved). */
    public Incident(String id, String kind, String kindLabel, String title, Instant start, Instant end,
                    List<IncidentMember> members, List<String> evidence) {
        this(id, kind, kindLabel, title, start, end, members, evidence, null);
    }

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        members = List.copyOf(members);
        evidence = List.copyOf(evidence);
        if (end != null) {
            observedUntil = null;
        }
    }

    public boolean resolved() {
        return end != null;
    }

    /**
     * Neither open nor resolved: it was open when the console or recorder that grouped it stopped,
     * so nobody knows whether or when it ended.
     */
    public boolean unobserved() {
        return end == null && observedUntil != null;
    }

    /** Open and still watched by its engine: not resolved, not {@link #unobserved()}. */
    public boolean open() {
        return end == null && observedUntil == null;
    }

    /** This incident as no longer observed after {@code until}; a resolved one stays as it is. */
    public Incident observedUntil(Instant until) {
        return end != null ? this : new Incident(id, kind, kindLabel, title, start, end, members, evidence, until);
    }

    /** "resolved", "open" or "unobserved" (the CLI's and the JSON report's word). */
    public String statusWord() {
        return resolved() ? "resolved" : unobserved() ? "unobserved" : "open";
    }

    /** For an {@link #unobserved()} incident, e.g. "not observed after 2026-11-30 14:03 UTC (its console or recorder stopped)". */
    public String unobservedNote() {
        return observedUntil == null ? "" : "not observed after " + UNTIL.format(observedUntil) + " (its console or recorder stopped)";
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

    /** How long it has lasted until {@code now}, or lasted when resolved, or was seen to last when unobserved. */
    public Duration duration(Instant now) {
        Instant until = end != null ? end : seenUntil(now);
        return Duration.between(start, until.isBefore(start) ? start : until);
    }

    /** The moment up to which its members' state is known: {@code now}, or {@link #observedUntil} when unobserved. */
    public Instant seenUntil(Instant now) {
        return unobserved() ? observedUntil : now;
    }
}
