package dev.watchkeeper.model;

import java.util.Objects;

/**
 * One indexer's coordinator state as read from {@code {account}/{function}:state}. A value that
 * could not be read is kept with its raw text and a problem description, never dropped; a member
 * of {@code indexer_states} whose key has no value is kept too ({@link Readability#MISSING}).
 *
 * @param id                  the indexer
 * @param lifecycle           parsed lifecycle state; UNKNOWN when missing or not recognised
 * @param rawLifecycle        the lifecycle string as written (null when missing)
 * @param enabled             the enabled flag, null when missing or not a boolean
 * @param blockStreamSyncedAt the block_stream_synced_at value: the registry version (block height
 *                            of the indexer's last config update) the block stream was last synced
 *                            to, not progress; null when null/missing/unreadable
 * @param rawJson             the raw value text, for inspection
 * @param problem             why (part of) the value is unreadable, null when it read cleanly
 * @param readability         how much of the value could be read
 */
public record IndexerState(
        IndexerId id,
        LifecycleState lifecycle,
        String rawLifecycle,
        Boolean enabled,
        Long blockStreamSyncedAt,
        String rawJson,
        String problem,
        Readability readability) {

    /** How much of a state value could be read. */
    public enum Readability {
        /** Every field read cleanly. */
        READABLE,
        /** A JSON object, but some fields are missing, of the wrong type or unknown. */
        PARTLY_READABLE,
        /** Not a JSON object at all (malformed, another type, too large). */
        UNREADABLE,
        /** Listed in {@code indexer_states}, but the state key has no value. */
        MISSING
    }

    public static final String MISSING_PROBLEM = "listed in indexer_states, but the state key has no value";

    public IndexerState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lifecycle, "lifecycle");
        if (readability == null) {
            readability = problem == null ? Readability.READABLE : Readability.PARTLY_READABLE;
        }
    }

    /** A state whose readability follows from {@code problem}: none is READABLE, any other PARTLY_READABLE. */
    public IndexerState(IndexerId id, LifecycleState lifecycle, String rawLifecycle, Boolean enabled,
                        Long blockStreamSyncedAt, String rawJson, String problem) {
        this(id, lifecycle, rawLifecycle, enabled, blockStreamSyncedAt, rawJson, problem, null);
    }

    /** A cleanly read state, for simulators and tests. */
    public static IndexerState of(IndexerId id, LifecycleState lifecycle, boolean enabled) {
        return new IndexerState(id, lifecycle, lifecycle.wire(), enabled, null, null, null);
    }

    /** A member of {@code indexer_states} whose state key has no value. */
    public static IndexerState missing(IndexerId id) {
        return new IndexerState(id, LifecycleState.UNKNOWN, null, null, null, null, MISSING_PROBLEM, Readability.MISSING);
    }

    public boolean isReadable() {
        return problem == null;
    }

    public boolean isMissing() {
        return readability == Readability.MISSING;
    }

    /** The lifecycle as an operator should read it, as Redis says it (Deleting is shown as Deleting). */
    public String lifecycleText() {
        return lifecycleText(CoordinatorKind.EXTENSION);
    }

    /**
     * The lifecycle as an operator should read it: the label, the raw string when unknown, what is
     * wrong when the value is unreadable or missing, and "Deleted" for an upstream coordinator's Deleting.
     */
    public String lifecycleText(CoordinatorKind coordinator) {
        switch (readability) {
            case MISSING -> {
                return "No state (key missing)";
            }
            case UNREADABLE -> {
                return "Unreadable (" + shortProblem() + ")";
            }
            default -> {
            }
        }
        if (lifecycle == LifecycleState.UNKNOWN) {
            return rawLifecycle == null ? "Unknown (lifecycle_state missing)" : "Unknown (" + rawLifecycle + ")";
        }
        if (lifecycle == LifecycleState.DELETING && coordinator == CoordinatorKind.UPSTREAM) {
            return "Deleted (Redis keeps Deleting)";
        }
        if (LifecycleState.isLegacy(rawLifecycle)) {
            return lifecycle.label() + " (" + rawLifecycle + ")";
        }
        return lifecycle.label();
    }

    /** True when this state is the end of the indexer's life for that coordinator. */
    public boolean isFinal(CoordinatorKind coordinator) {
        return lifecycle == LifecycleState.DELETED
                || (lifecycle == LifecycleState.DELETING && coordinator.deletingIsFinal());
    }

    // written out (the same result as a record's own): a scrub step compares thousands of states on
    // the FX thread, and the generated method-handle version was a fifth of its time (history benchmark)
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof IndexerState s && lifecycle == s.lifecycle && readability == s.readability
                && Objects.equals(enabled, s.enabled) && Objects.equals(rawLifecycle, s.rawLifecycle)
                && Objects.equals(blockStreamSyncedAt, s.blockStreamSyncedAt) && Objects.equals(problem, s.problem)
                && Objects.equals(rawJson, s.rawJson) && id.equals(s.id);
    }

    @Override
    public int hashCode() {
        int h = id.hashCode();
        for (Object c : new Object[]{lifecycle, rawLifecycle, enabled, blockStreamSyncedAt, rawJson, problem, readability}) {
            h = 31 * h + Objects.hashCode(c);
        }
        return h;
    }

    /** The first clause of the problem: "malformed JSON", "value too large to read", ... */
    private String shortProblem() {
        if (problem == null) {
            return "no problem";
        }
        int cut = problem.length();
        for (String sep : new String[]{" at ", ":", " (", ";"}) {
            int i = problem.indexOf(sep);
            if (i > 0 && i < cut) {
                cut = i;
            }
        }
        return problem.substring(0, cut);
    }
}
