package dev.watchkeeper.model;

import java.time.Instant;
import java.util.List;

/**
 * Health read from the block streamer or the runner in one listing. {@code full} means the list is
 * everything that source has: an indexer absent from it has no stream/executor (health unknown).
 */
public record HealthBatch(Source source, List<StreamStatus> streams, List<ExecutorStatus> executors, boolean full, Instant observedAt) {

    public HealthBatch {
        streams = List.copyOf(streams);
        executors = List.copyOf(executors);
    }
}
