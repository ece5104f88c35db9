package dev.watchkeeper.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Operator commands and the rules for when each makes sense. Availability here is about the
 * indexer's state only; whether the coordinator implements a command is decided by capabilities.
 */
public enum CommandKind {
    SUSPEND("Suspend", false, "stops the block stream and executor; the indexer goes Suspending, then Suspended"),
    UNSUSPEND("Unsuspend", false, "re-enables the indexer; it goes back to Running"),
    REPAIR("Repair", false, "retries provisioning; the indexer goes Initializing, then Running (or Repairing again on failure)"),
    RESTART("Restart", false, "stops and starts the block stream and executor now"),
    DELETE("Delete", true, "removes the indexer: streams and executors stop and it goes Deleting, then Deleted");

    private final String label;
    private final boolean destructive;
    private final String effect;

    CommandKind(String label, boolean destructive, String effect) {
        this.label = label;
        this.destructive = destructive;
        this.effect = effect;
    }

    public String label() {
        return label;
    }

    public boolean destructive() {
        return destructive;
    }

    /** What running this command does, in an operator's words. */
    public String effect() {
        return effect;
    }

    /** Null when the command makes sense for this state, else why not. */
    public String unavailableReason(IndexerState state) {
        LifecycleState s = state.lifecycle();
        if (s == LifecycleState.DELETING || s == LifecycleState.DELETED) {
            return "indexer is being deleted";
        }
        return switch (this) {
            case SUSPEND -> Boolean.FALSE.equals(state.enabled()) || s == LifecycleState.SUSPENDED || s == LifecycleState.SUSPENDING
                    ? "already suspended" : null;
            case UNSUSPEND -> Boolean.FALSE.equals(state.enabled()) || s == LifecycleState.SUSPENDED || s == LifecycleState.SUSPENDING
                    ? null : "not suspended";
            case REPAIR -> s == LifecycleState.REPAIRING ? null : "only a Repairing indexer can be repaired (state is " + s.label() + ")";
            case RESTART -> s == LifecycleState.RUNNING ? null : "only a Running indexer can be restarted (state is " + s.label() + ")";
            case DELETE -> null;
        };
    }

    /** The states that confirm the command took effect once observed. */
    public Set<LifecycleState> confirmingStates() {
        return switch (this) {
            case SUSPEND -> EnumSet.of(LifecycleState.SUSPENDED);
            case UNSUSPEND, RESTART -> EnumSet.of(LifecycleState.RUNNING);
            case REPAIR -> EnumSet.of(LifecycleState.RUNNING, LifecycleState.INITIALIZING);
            case DELETE -> EnumSet.of(LifecycleState.DELETING, LifecycleState.DELETED);
        };
    }
}
