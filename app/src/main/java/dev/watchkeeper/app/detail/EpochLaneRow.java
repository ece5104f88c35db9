package dev.watchkeeper.app.detail;

import dev.watchkeeper.model.epoch.StateUpdate;

/** One state update of one of the indexer's pooler projects, for the epoch lane table. */
public record EpochLaneRow(long epochId, String projectId, StateUpdate update) {
}
