package dev.watchkeeper.model;

/**
 * Which coordinator the console talks to. The lifecycle strings in Redis mean different things:
 * upstream QueryAPI never writes {@code Deleted} (near/queryapi coordinator/src/lifecycle.rs:
 * {@code handle_deleting} returns Deleted and {@code handle_transitions} returns before
 * {@code set_state}), so there "Deleting" is final; the operator extension finishes the deletion.
 */
public enum CoordinatorKind {
    /** Upstream QueryAPI: {@code indexer.IndexerManager} only. */
    UPSTREAM("upstream QueryAPI coordinator"),
    /** Implements Watchkeeper's operator extension {@code indexer.IndexerOperations}. */
    EXTENSION("coordinator with the operator extension"),
    /** Not known yet (still detecting, or the coordinator could not be asked). */
    UNKNOWN("coordinator of unknown kind");

    private final String description;

    CoordinatorKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * True when a {@code Deleting} state in Redis means "deleted": always upstream, and while the
     * kind is unknown (a false "stuck in Deleting" alarm costs more trust than a late one).
     */
    public boolean deletingIsFinal() {
        return this != EXTENSION;
    }

    /** True when upstream's quirks apply (Repairing ignores enabled, the 600-s blocking restart). */
    public boolean mayBeUpstream() {
        return this != EXTENSION;
    }
}
