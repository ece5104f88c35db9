package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.model.IndexerId;

/**
 * Where a log pane gets an indexer's lines: the coordinator's Logs stream (operator extension),
 * the runner's {@code sys_logs} in PostgreSQL, or a choice between them. Callbacks never run on
 * the FX thread.
 */
public interface IndexerLogSource {

    /** Receives lines, status changes and, where the source has them, the runner's metadata. */
    interface Listener extends LogTail.Listener {
        /** STATUS and last processed height from {@code sys_metadata}; only sources that read PostgreSQL call it. */
        default void onMetadata(IndexerMetadata metadata) {
        }

        /** Lookups beyond the tail (older pages, full-text search, block jump), once the source can serve them. */
        default void onHistory(LogHistory history) {
        }
    }

    /** Starts following {@code id}: about {@code tail} recent lines first, then new ones. Close the handle to stop. */
    AutoCloseable follow(IndexerId id, int tail, Listener listener);
}
