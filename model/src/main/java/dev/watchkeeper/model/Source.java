package dev.watchkeeper.model;

/** The systems the console reads from. */
public enum Source {
    COORDINATOR("Coordinator"),
    BLOCK_STREAMER("Block streamer"),
    RUNNER("Runner"),
    REDIS("Redis"),
    /** The block streamer's Prometheus {@code /metrics} (optional). */
    BLOCK_STREAMER_METRICS("Block streamer metrics"),
    /** The runner's Prometheus {@code /metrics} (optional). */
    RUNNER_METRICS("Runner metrics");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
