package dev.watchkeeper.model.epoch;

import java.time.Instant;
import java.util.List;

/**
 * The latest epochs (about 30 are kept upstream), newest first, and the snapshotter's liveness.
 *
 * @param active                snapshotterActiveStatus:{namespace}; null when the key is missing
 * @param lastEpochDetectedAt   lastEpochDetectedTimestamp:{namespace} in UNIX seconds; null when missing
 */
public record EpochWindow(String namespace, List<Epoch> epochs, Boolean active, Long lastEpochDetectedAt, Instant observedAt) {

    public EpochWindow {
        epochs = List.copyOf(epochs);
    }
}
