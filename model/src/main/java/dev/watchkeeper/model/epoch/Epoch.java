package dev.watchkeeper.model.epoch;

import java.util.List;
import java.util.Map;

/**
 * One epoch's processing status.
 *
 * @param epochId       the epoch number
 * @param releasedAt    {@code epochID:{e}:epochReleased} in UNIX seconds; null when missing/unreadable
 * @param states        state ID → updates of every project in that state (unknown state IDs included)
 */
public record Epoch(long epochId, Long releasedAt, Map<String, List<StateUpdate>> states) {

    public Epoch {
        states = Map.copyOf(states);
    }
}
