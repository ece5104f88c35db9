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
 * @param minShare           when a problem knows how many subjects could have had it ({@link Problem#population()},
 *                           e.g. the projects of an epoch), an incident also needs this share of them (default 5%):
 *                           five of thousands of projects failing alike is background, not an outage
 * @param baselineHorizon    how far back each kind's background rate is measured (default 30 minutes): a trimmed mean
 *                           of the problems of the kind that began per window
 * @param significance       for kinds without a population: a group becomes an incident only when this many problems
 *                           within one window would come from the background rate with at most this probability
 *                           (default 0.0001)
 */
public record IncidentSettings(Duration window, int minSize, long blockNeighbourhood, Set<String> heightKinds, double minShare,
                               Duration baselineHorizon, double significance) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_MIN_SIZE = 5;
    public static final long DEFAULT_BLOCK_NEIGHBOURHOOD = 1_000;
    public static final double DEFAULT_MIN_SHARE = 0.05;
    public static final Duration DEFAULT_BASELINE_HORIZON = Duration.ofMinutes(30);
    public static final double DEFAULT_SIGNIFICANCE = 0.0001;

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
        if (!(minShare >= 0 && minShare <= 1)) {
            throw new IllegalArgumentException("the minimum share must be between 0 and 1");
        }
        Objects.requireNonNull(baselineHorizon, "baselineHorizon");
        if (baselineHorizon.compareTo(window) < 0) {
            throw new IllegalArgumentException("the baseline horizon must be at least the window");
        }
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("the significance must be between 0 and 1 (exclusive)");
        }
    }

    /** Settings with the default background baseline (horizon 30 minutes, significance 0.0001). */
    public IncidentSettings(Duration window, int minSize, long blockNeighbourhood, Set<String> heightKinds, double minShare) {
        this(window, minSize, blockNeighbourhood, heightKinds, minShare, DEFAULT_BASELINE_HORIZON, DEFAULT_SIGNIFICANCE);
    }

    /** Members an incident needs among {@code population} subjects (null: unknown). */
    public int minSize(Integer population) {
        return population == null ? minSize : Math.max(minSize, (int) Math.ceil(minShare * population));
    }

    public static IncidentSettings defaults() {
        return new IncidentSettings(DEFAULT_WINDOW, DEFAULT_MIN_SIZE, DEFAULT_BLOCK_NEIGHBOURHOOD, Set.of("STALLED_STREAM"), DEFAULT_MIN_SHARE,
                DEFAULT_BASELINE_HORIZON, DEFAULT_SIGNIFICANCE);
    }

    public IncidentSettings withWindow(Duration w) {
        return new IncidentSettings(w, minSize, blockNeighbourhood, heightKinds, minShare, baselineHorizon, significance);
    }

    public IncidentSettings withMinSize(int n) {
        return new IncidentSettings(window, n, blockNeighbourhood, heightKinds, minShare, baselineHorizon, significance);
    }
}
