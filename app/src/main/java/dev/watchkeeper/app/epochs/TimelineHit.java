package dev.watchkeeper.app.epochs;

import dev.watchkeeper.model.epoch.EpochSummary;
import dev.watchkeeper.model.epoch.ProjectLane;
import dev.watchkeeper.model.epoch.StateUpdate;

/**
 * What is under the pointer: one project's update in an epoch, or (header) an epoch's summary.
 * Exactly one of {@code update} and {@code summary} is set.
 */
public record TimelineHit(ProjectLane lane, long epochId, StateUpdate update, EpochSummary summary) {
}
