package dev.watchkeeper.app.detail;

import java.time.Duration;

/**
 * A transition with the time the indexer spent in that state.
 *
 * @param timeInState until the next transition, or until now for the current state
 * @param current     whether this is the state the indexer is in now
 */
public record TransitionRow(Transition transition, Duration timeInState, boolean current) {
}
