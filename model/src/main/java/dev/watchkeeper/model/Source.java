package dev.watchkeeper.model;

/** The systems the console reads from. */
public enum Source {
    COORDINATOR("Coordinator"),
    BLOCK_STREAMER("Block streamer"),
    RUNNER("Runner"),
    REDIS("Redis");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
