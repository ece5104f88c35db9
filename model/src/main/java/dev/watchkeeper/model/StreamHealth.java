package dev.watchkeeper.model;

/**
 * Block-stream health (blockstreamer.ProcessingState, control-plane spec §2), plus UNKNOWN when
 * the block streamer is not configured, unreachable, or has no stream for the indexer.
 */
public enum StreamHealth {
    UNKNOWN, UNSPECIFIED, IDLE, RUNNING, WAITING, STALLED;

    /** Upstream treats health older than this as stale (and restarts the stream after 600 s). */
    public static final long STALE_AFTER_SECONDS = 180;

    /** From the proto enum number; numbers upstream does not define map to UNKNOWN. */
    public static StreamHealth fromProtoNumber(int n) {
        return switch (n) {
            case 0 -> UNSPECIFIED;
            case 1 -> IDLE;
            case 2 -> RUNNING;
            case 3 -> WAITING;
            case 4 -> STALLED;
            default -> UNKNOWN;
        };
    }
}
