package dev.watchkeeper.connectors.logs;

import java.time.Instant;

/**
 * One log line of an indexer, as the coordinator's Logs stream sends it.
 *
 * @param blockHeight block being processed when written, 0 when none
 */
public record LogEntry(Instant timestamp, Level level, String message, long blockHeight) {

    /** Severity, lowest first. UNKNOWN is a level number this console does not know. */
    public enum Level {
        TRACE, DEBUG, INFO, WARN, ERROR, UNKNOWN;

        /** Whether a line at this level passes a minimum level; unknown levels always pass. */
        public boolean atLeast(Level min) {
            return this == UNKNOWN || ordinal() >= min.ordinal();
        }
    }
}
