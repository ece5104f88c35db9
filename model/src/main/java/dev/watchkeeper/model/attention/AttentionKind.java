package dev.watchkeeper.model.attention;

/** Why an indexer needs an operator, most urgent first (the declaration order is the ranking). */
public enum AttentionKind {
    REPAIRING("Repairing"),
    STALLED_STREAM("Stream stalled"),
    STALLED_EXECUTOR("Executor stalled"),
    /** The state value is not JSON the coordinator can read: the indexer is not managed at all. */
    UNREADABLE_STATE("Unreadable state"),
    /** A member of indexer_states without a state key: upstream's coordinator will not start. */
    MISSING_STATE("State key missing"),
    STALE_HEALTH("Stale health"),
    FAILING_EXECUTOR("Executor failing"),
    /** The runner's metrics: the share of failed executions rose sharply (before Redis health may say so). */
    FAILURE_RATE_JUMP("Failures jumped"),
    STUCK_TRANSITION("Stuck in transition"),
    UNKNOWN_STATE("Unknown state");

    private final String label;

    AttentionKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** 1 is the most urgent. */
    public int rank() {
        return ordinal() + 1;
    }

    /** Kinds worth a desktop notification when they newly appear. */
    public boolean notifies() {
        return this == REPAIRING || this == STALLED_STREAM || this == STALLED_EXECUTOR
                || this == UNREADABLE_STATE || this == MISSING_STATE;
    }
}
