package dev.watchkeeper.model;

import java.util.Objects;

/**
 * One indexer's coordinator state as read from {@code {account}/{function}:state}. A value that
 * could not be read is kept with its raw text and a problem description, never dropped.
 *
 * @param id                  the indexer
 * @param lifecycle           parsed lifecycle state; UNKNOWN when missing or not recognised
 * @param rawLifecycle        the lifecycle string as written (null when missing)
 * @param enabled             the enabled flag, null when missing or not a boolean
 * @param blockStreamSyncedAt the block_stream_synced_at value, null when null/missing/unreadable
 * @param rawJson             the raw value text, for inspection
 * @param problem             why (part of) the value is unreadable, null when it read cleanly
 */
public record IndexerState(
        IndexerId id,
        LifecycleState lifecycle,
        String rawLifecycle,
        Boolean enabled,
        Long blockStreamSyncedAt,
        String rawJson,
        String problem) {

    public IndexerState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /** A cleanly read state, for simulators and tests. */
    public static IndexerState of(IndexerId id, LifecycleState lifecycle, boolean enabled) {
        return new IndexerState(id, lifecycle, lifecycle.wire(), enabled, null, null, null);
    }

    public boolean isReadable() {
        return problem == null;
    }

    /** The lifecycle as an operator should read it: the label, or the raw string when unknown. */
    public String lifecycleText() {
        if (lifecycle == LifecycleState.UNKNOWN) {
            return rawLifecycle == null ? "Unknown (missing)" : "Unknown (" + rawLifecycle + ")";
        }
        if (LifecycleState.isLegacy(rawLifecycle)) {
            return lifecycle.label() + " (" + rawLifecycle + ")";
        }
        return lifecycle.label();
    }
}
