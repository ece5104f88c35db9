package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.model.IndexerId;

import java.time.Instant;

/** Receives a Watch stream's events on a gRPC thread, in order. */
public interface WatchListener {

    /**
     * One change.
     *
     * @param indexer the full state after the change; for a removal, the last known state
     */
    record Event(long sequence, IndexerSnapshot indexer, boolean removed, Instant at) {
        public IndexerId id() {
            return indexer.id();
        }
    }

    void onEvent(Event event);

    /**
     * The server no longer has the events after the last sequence seen: drop what you hold; a full
     * snapshot (every indexer as an event) follows.
     */
    default void onResyncRequired() {
    }

    /** The stream is (re)established, resuming after {@code afterSequence} (0 = full snapshot). */
    default void onConnected(long afterSequence) {
    }

    /** The stream broke; it resumes from the last sequence seen at {@code nextTry}. */
    default void onReconnecting(CallFailure failure, Instant nextTry) {
    }

    /** The stream stopped for good (e.g. the coordinator does not implement Watch). */
    default void onStopped(CallFailure failure) {
    }
}
