package dev.watchkeeper.history;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.StreamHealth;

import java.util.Objects;

/**
 * Everything the console shows of one indexer at one moment, as the history store keeps it: the
 * coordinator state from Redis (without its raw JSON), stream and executor health, and progress.
 * A part nobody has reported is null: {@code readability == null} means the indexer is not in Redis.
 */
public record IndexerRecord(
        IndexerId id,
        LifecycleState lifecycle,
        String rawLifecycle,
        Boolean enabled,
        Long blockStreamSyncedAt,
        IndexerState.Readability readability,
        String stateProblem,
        StreamHealth streamHealth,
        Long streamUpdatedAtSecs,
        ExecutorHealth executorHealth,
        Long lastPublishedBlock,
        Long queueDepth,
        String progressProblem) {

    public IndexerRecord {
        Objects.requireNonNull(id, "id");
    }

    // written out (the same result as a record's own): scrubbing compares thousands of records per
    // step, and the generated method-handle version showed in the history benchmark's profile
    @Override
    public boolean equals(Object o) {
        // the parts that change most often first, the name (the same for the records compared) last
        return this == o || o instanceof IndexerRecord r && lifecycle == r.lifecycle && streamHealth == r.streamHealth
                && executorHealth == r.executorHealth && readability == r.readability
                && Objects.equals(lastPublishedBlock, r.lastPublishedBlock) && Objects.equals(queueDepth, r.queueDepth)
                && Objects.equals(streamUpdatedAtSecs, r.streamUpdatedAtSecs) && Objects.equals(enabled, r.enabled)
                && Objects.equals(rawLifecycle, r.rawLifecycle) && Objects.equals(blockStreamSyncedAt, r.blockStreamSyncedAt)
                && Objects.equals(stateProblem, r.stateProblem) && Objects.equals(progressProblem, r.progressProblem)
                && id.equals(r.id);
    }

    @Override
    public int hashCode() {
        int h = id.hashCode();
        for (Object c : new Object[]{lifecycle, rawLifecycle, enabled, blockStreamSyncedAt, readability, stateProblem, streamHealth,
                streamUpdatedAtSecs, executorHealth, lastPublishedBlock, queueDepth, progressProblem}) {
            h = 31 * h + Objects.hashCode(c);
        }
        return h;
    }

    /** An indexer nothing is known of yet. */
    public static IndexerRecord empty(IndexerId id) {
        return new IndexerRecord(id, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** True when some source reports the indexer; false when it has left the fleet. */
    public boolean present() {
        return readability != null || streamHealth != null || executorHealth != null
                || lastPublishedBlock != null || queueDepth != null || progressProblem != null;
    }

    /** True when the coordinator state is in Redis. */
    public boolean inRedis() {
        return readability != null;
    }

    /** The coordinator state as the model reads it (its raw JSON is not kept), or null when not in Redis. */
    public IndexerState state() {
        if (readability == null) {
            return null;
        }
        return new IndexerState(id, lifecycle == null ? LifecycleState.UNKNOWN : lifecycle, rawLifecycle, enabled,
                blockStreamSyncedAt, null, stateProblem, readability);
    }

    public IndexerRecord withState(IndexerState s) {
        if (s == null) {
            return new IndexerRecord(id, null, null, null, null, null, null, streamHealth, streamUpdatedAtSecs,
                    executorHealth, lastPublishedBlock, queueDepth, progressProblem);
        }
        return new IndexerRecord(id, s.lifecycle(), s.rawLifecycle(), s.enabled(), s.blockStreamSyncedAt(), s.readability(),
                s.problem(), streamHealth, streamUpdatedAtSecs, executorHealth, lastPublishedBlock, queueDepth, progressProblem);
    }

    public IndexerRecord withStream(StreamHealth health, Long updatedAtSecs) {
        return new IndexerRecord(id, lifecycle, rawLifecycle, enabled, blockStreamSyncedAt, readability, stateProblem,
                health, health == null ? null : updatedAtSecs, executorHealth, lastPublishedBlock, queueDepth, progressProblem);
    }

    public IndexerRecord withExecutor(ExecutorHealth health) {
        return new IndexerRecord(id, lifecycle, rawLifecycle, enabled, blockStreamSyncedAt, readability, stateProblem,
                streamHealth, streamUpdatedAtSecs, health, lastPublishedBlock, queueDepth, progressProblem);
    }

    public IndexerRecord withProgress(Progress p) {
        return new IndexerRecord(id, lifecycle, rawLifecycle, enabled, blockStreamSyncedAt, readability, stateProblem,
                streamHealth, streamUpdatedAtSecs, executorHealth, p.lastPublishedBlock(), p.queueDepth(), p.problem());
    }

    /** The same record with its fast-moving counters (progress, stream timestamp) taken from {@code other}. */
    IndexerRecord withCountersOf(IndexerRecord other) {
        return new IndexerRecord(id, lifecycle, rawLifecycle, enabled, blockStreamSyncedAt, readability, stateProblem,
                streamHealth, other.streamUpdatedAtSecs, executorHealth, other.lastPublishedBlock, other.queueDepth, progressProblem);
    }

    /** True when the two differ only in the fast-moving counters the recorder samples. */
    boolean sameExceptCounters(IndexerRecord o) {
        return Objects.equals(lifecycle, o.lifecycle) && Objects.equals(rawLifecycle, o.rawLifecycle)
                && Objects.equals(enabled, o.enabled) && Objects.equals(blockStreamSyncedAt, o.blockStreamSyncedAt)
                && Objects.equals(readability, o.readability) && Objects.equals(stateProblem, o.stateProblem)
                && Objects.equals(streamHealth, o.streamHealth) && Objects.equals(executorHealth, o.executorHealth)
                && Objects.equals(progressProblem, o.progressProblem)
                && (lastPublishedBlock == null) == (o.lastPublishedBlock == null)
                && (queueDepth == null) == (o.queueDepth == null)
                && (streamUpdatedAtSecs == null) == (o.streamUpdatedAtSecs == null);
    }
}
