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
        /** The stream is open and lines arrived within the idle time (or it has only just opened). */
        STREAMING,
        /**
         * The stream is open but no line arrived for the idle time: a quiet indexer, or a coordinator
         * that accepted the stream and hung. Back to STREAMING with the next line.
         */
        SILENT,
        /** Lost or ended; trying again with backoff. */
        RECONNECTING,
        /** The coordinator does not implement Logs (an upstream coordinator): never retried. */
        UNSUPPORTED,
        CLOSED
    }
}
