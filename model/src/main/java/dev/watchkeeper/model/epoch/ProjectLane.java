package dev.watchkeeper.model.epoch;

import dev.watchkeeper.model.IndexerId;

import java.util.List;

/**
 * One project's updates across the epoch window, for drawing a row.
 *
 * @param indexer   the QueryAPI indexer the project belongs to, null for other projects
 * @param anyFailed whether any of its updates failed in the window
 * @param byEpoch   per epoch of {@link EpochIndex#epochs()} (oldest first), its updates in processing order;
 *                  a PRELOAD entry keyed by project type is shared by every project of that type
 */
public record ProjectLane(String projectId, IndexerId indexer, boolean anyFailed, List<List<StateUpdate>> byEpoch) {

    public List<StateUpdate> updates(int epochIndex) {
        return byEpoch.get(epochIndex);
    }
}
