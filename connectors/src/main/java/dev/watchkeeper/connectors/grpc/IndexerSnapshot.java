package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;

import java.time.Instant;

/**
 * One indexer as the operator extension reports it (Get, List, Watch): lifecycle, health and
 * progress. Unknown state strings become UNKNOWN with the raw text kept.
 *
 * @param stateSince     when it entered its lifecycle state; null when the server did not say
 * @param streamState    UNKNOWN when there is no stream (or an unrecognised name)
 * @param executorState  UNKNOWN when there is no executor (or an unrecognised name)
 * @param lastError      null when none
 */
public record IndexerSnapshot(IndexerId id, boolean enabled, LifecycleState lifecycle, String rawLifecycle, Instant stateSince,
                              StreamHealth streamState, long streamUpdatedAtSecs, ExecutorHealth executorState,
                              long lastPublishedBlock, long queueDepth, String lastError, long version) {

    static IndexerSnapshot from(IndexerDetail d) {
        return new IndexerSnapshot(
                new IndexerId(d.getAccountId(), d.getFunctionName()),
                d.getEnabled(),
                LifecycleState.fromWire(d.getLifecycleState()),
                d.getLifecycleState(),
                d.getStateSinceUnixMs() == 0 ? null : Instant.ofEpochMilli(clampMillis(d.getStateSinceUnixMs())),
                streamHealth(d.getStreamState()),
                d.getStreamUpdatedAtTimestampSecs(),
                executorHealth(d.getExecutorState()),
                d.getLastPublishedBlock(),
                d.getQueueDepth(),
                d.getLastError().isEmpty() ? null : d.getLastError(),
                d.getVersion());
    }

    static long clampMillis(long unixMs) {
        // uint64 on the wire: a huge value reads negative in Java; keep it within Instant's range
        return unixMs < 0 ? Long.MAX_VALUE / 1000 : Math.min(unixMs, Long.MAX_VALUE / 1000);
    }

    static StreamHealth streamHealth(String name) {
        try {
            return StreamHealth.valueOf(name);
        } catch (IllegalArgumentException e) {
            return StreamHealth.UNKNOWN;
        }
    }

    static ExecutorHealth executorHealth(String name) {
        try {
            return ExecutorHealth.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ExecutorHealth.UNKNOWN;
        }
    }
}
