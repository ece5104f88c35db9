package dev.watchkeeper.model;

/** The systems the console reads from. */
public enum Source {
    COORDINATOR("Coordinator"),
    BLOCK_STREAMER("Block streamer"),
    RUNNER("Runner"),
    REDIS("Redis"),
    /** The block streamer's Prometheus {@code /metrics} (optional). */
    BLOCK_STREAMER_METRICS("Streamer metrics"),
    /** The runner's Prometheus {@code /metrics} (optional). */
    RUNNER_METRICS("Runner metrics");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A source most deployments do without: not shown in the status bar until a profile configures it. */
    public boolean optional() {
        return this == BLOCK_STREAMER_METRICS || this == RUNNER_METRICS;
    }
}
