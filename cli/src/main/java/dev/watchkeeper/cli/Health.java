package dev.watchkeeper.cli;

import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;

import java.util.Locale;

/**
 * An indexer's health as far as the coordinator's Redis state tells: the {@code --health} filter
 * and the HEALTH column of {@code status}.
 */
public enum Health {
    /** Running or Suspended, matching its enabled flag. */
    OK,
    /** In a transitional state, or its enabled flag is not reflected yet (Running but disabled, ...). */
    CHANGING,
    /** Needs an operator: Repairing waits for a repair. */
    ATTENTION,
    /** The state value could not be read (malformed JSON, unknown lifecycle string, a set member without its key, ...). */
    UNREADABLE,
    /** Deleted: upstream's coordinator leaves "Deleting" in Redis for good. */
    DELETED;

    /**
     * From the state and what the attention rules say of the whole observation: an indexer the
     * rules flag (a STALLED stream, a FAILING executor, ...) needs attention even when Running.
     */
    public static Health of(IndexerState s, CoordinatorKind coordinator, boolean flagged) {
        if (s.isFinal(coordinator)) {
            return DELETED;
        }
        Health byState = of(s);
        return flagged && (byState == OK || byState == CHANGING) ? ATTENTION : byState;
    }

    public static Health of(IndexerState s) {
        if (!s.isReadable() || s.lifecycle() == LifecycleState.UNKNOWN) {
            return UNREADABLE;
        }
        LifecycleState l = s.lifecycle();
        if (l == LifecycleState.REPAIRING) {
            return ATTENTION;
        }
        if (l.isTransitional()) {
            return CHANGING;
        }
        if ((l == LifecycleState.RUNNING && Boolean.FALSE.equals(s.enabled()))
                || (l == LifecycleState.SUSPENDED && Boolean.TRUE.equals(s.enabled()))) {
            return CHANGING;
        }
        return OK;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
