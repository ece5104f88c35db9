package dev.watchkeeper.simulator;

import java.time.Duration;

/**
 * How the simulated control plane behaves.
 *
 * @param indexers   how many indexers to register
 * @param seed       seed for every random choice, so a run is reproducible
 * @param timeFactor how much faster than upstream time runs (upstream loops once a second; 10 means ten times a second)
 * @param initialSuspendedShare share of indexers that start suspended
 */
public record SimConfig(int indexers, long seed, double timeFactor, double initialSuspendedShare) {

    public static final int DEFAULT_INDEXERS = 200;

    public SimConfig {
        if (indexers < 0) {
            throw new IllegalArgumentException("indexers must be >= 0");
        }
        if (timeFactor <= 0) {
            throw new IllegalArgumentException("timeFactor must be > 0");
        }
    }

    public static SimConfig defaults() {
        return new SimConfig(DEFAULT_INDEXERS, 42L, 1.0, 0.1);
    }

    public SimConfig withIndexers(int n) {
        return new SimConfig(n, seed, timeFactor, initialSuspendedShare);
    }

    public SimConfig withSeed(long s) {
        return new SimConfig(indexers, s, timeFactor, initialSuspendedShare);
    }

    public SimConfig withTimeFactor(double f) {
        return new SimConfig(indexers, seed, f, initialSuspendedShare);
    }

    /** An upstream duration as it passes in this simulation. */
    public Duration scaled(Duration upstream) {
        return Duration.ofNanos((long) (upstream.toNanos() / timeFactor));
    }
}
