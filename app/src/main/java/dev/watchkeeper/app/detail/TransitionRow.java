package dev.watchkeeper.app.detail;

import java.time.Duration;

/**
 * A transition with the time the indexer spent in that state.
 *
 * @param timeInState          until the next transition, or until now for the current state; until
 *                             recording stopped when a recorded gap began before either
 * @param current              whether this is the state the indexer is in now
 * @param untilRecordingStopped whether the time ends where a recorded gap began (what came after is unknown)
 */
public record TransitionRow(Transition transition, Duration timeInState, boolean current, boolean untilRecordingStopped) {

    public TransitionRow(Transition transition, Duration timeInState, boolean current) {
        this(transition, timeInState, current, false);
    }

    /** The time as the table shows it: "4 min", "4 min so far", "4 min until recording stopped". */
    public String timeText() {
        return dev.watchkeeper.model.attention.HumanDuration.format(timeInState)
                + (untilRecordingStopped ? " until recording stopped" : current ? " so far" : "");
    }
}
