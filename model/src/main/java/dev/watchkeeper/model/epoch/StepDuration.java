package dev.watchkeeper.model.epoch;

/**
 * How long one project took to reach a state, counted from the previous state it reached
 * (or from the epoch's release for its first state).
 */
public record StepDuration(String projectId, String fromState, String toState, long seconds) {
}
