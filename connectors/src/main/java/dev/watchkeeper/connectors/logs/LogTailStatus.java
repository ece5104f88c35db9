package dev.watchkeeper.connectors.logs;

import java.time.Instant;

/**
 * Where a log tail stands, for the operator.
 *
 * @param nextRetry when RECONNECTING, the next attempt; else null
 */
public record LogTailStatus(State state, String message, Instant nextRetry) {

    public enum State {
        CONNECTING,
        /** The stream is open (lines may or may not be flowing). */
        STREAMING,
        /** Lost or ended; trying again with backoff. */
        RECONNECTING,
        /** The coordinator does not implement Logs (an upstream coordinator): never retried. */
        UNSUPPORTED,
        CLOSED
    }
}
