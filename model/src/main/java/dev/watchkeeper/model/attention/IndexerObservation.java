package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.StreamHealth;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything the console knows about one indexer at a moment, with when each value was first seen
 * (observation times; the console cannot know when a change happened before it connected).
 *
 * @param stateSince          when the current lifecycle state was first observed
 * @param streamUpdatedAtSecs block-stream health.updated_at_timestamp_secs; 0 when health is missing
 * @param streamHealthSince   when the current stream health was first observed (null when unknown)
 * @param executorHealthSince when the current executor health was first observed (null when unknown)
 * @param lastPublishedBlock  last published block height, null when unknown
 * @param lastBlockChangedAt  when the last published block was last seen to change (null when never)
 * @param stateSinceExact     false when the state was already current at connect (it began before stateSince)
 */
public record IndexerObservation(
        IndexerState state,
        Instant stateSince,
        StreamHealth stream,
        long streamUpdatedAtSecs,
        Instant streamHealthSince,
        ExecutorHealth executor,
        Instant executorHealthSince,
        Long lastPublishedBlock,
        Instant lastBlockChangedAt,
        boolean stateSinceExact) {

    /** An observation whose state is known to have begun at {@code stateSince}. */
    public IndexerObservation(IndexerState state, Instant stateSince, StreamHealth stream, long streamUpdatedAtSecs,
                              Instant streamHealthSince, ExecutorHealth executor, Instant executorHealthSince,
                              Long lastPublishedBlock, Instant lastBlockChangedAt) {
        this(state, stateSince, stream, streamUpdatedAtSecs, streamHealthSince, executor, executorHealthSince,
                lastPublishedBlock, lastBlockChangedAt, true);
    }

    public IndexerObservation {
        Objects.requireNonNull(state, "state");
        stream = stream == null ? StreamHealth.UNKNOWN : stream;
        executor = executor == null ? ExecutorHealth.UNKNOWN : executor;
    }

    /** Only the coordinator state is known: no stream or executor information. */
    public static IndexerObservation ofState(IndexerState state, Instant since) {
        return new IndexerObservation(state, since, StreamHealth.UNKNOWN, 0, null, ExecutorHealth.UNKNOWN, null, null, null);
    }
}
