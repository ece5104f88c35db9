package dev.watchkeeper.model.incident;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the incident engine groups problems.
 *
 * @param window             problems of one cause join a group when each began within this long of
 *                           another member (default 60 s)
 * @param minSize            a group becomes an incident at this many members; smaller groups stay lone problems (default 5)
 * @param blockNeighbourhood kinds in {@code heightKinds} join only when their last published block is within this
 *                           many blocks of the group's first member (default 1,000, about 15 minutes of NEAR blocks)
 * @param heightKinds        kinds grouped by block height as well (default: stalled block streams)
 */
public record IncidentSettings(Duration window, int minSize, long blockNeighbourhood, Set<String> heightKinds) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_MIN_SIZE = 5;
    public static final long DEFAULT_BLOCK_NEIGHBOURHOOD = 1_000;

    public IncidentSettings {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the incident window must be longer than zero");
        }
        if (minSize < 2) {
            throw new IllegalArgumentException("an incident needs at least 2 members (minSize " + minSize + ")");
        }
        if (blockNeighbourhood < 0) {
            throw new IllegalArgumentException("the block neighbourhood must not be negative");
        }
        heightKinds = Set.copyOf(heightKinds);
    }

    public static IncidentSettings defaults() {
        return new IncidentSettings(DEFAULT_WINDOW, DEFAULT_MIN_SIZE, DEFAULT_BLOCK_NEIGHBOURHOOD, Set.of("STALLED_STREAM"));
    }

    public IncidentSettings withWindow(Duration w) {
        return new IncidentSettings(w, minSize, blockNeighbourhood, heightKinds);
    }

    public IncidentSettings withMinSize(int n) {
        return new IncidentSettings(window, n, blockNeighbourhood, heightKinds);
    }
}
