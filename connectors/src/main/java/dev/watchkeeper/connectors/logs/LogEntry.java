package dev.watchkeeper.connectors.logs;

import java.time.Instant;

/**
 * One log line of an indexer, as the coordinator's Logs stream sends it.
 *
 * @param blockHeight block being processed when written, 0 when none
 * @param type        "system" or "user" as the runner writes it to sys_logs; null when the source does not say
 */
public record LogEntry(Instant timestamp, Level level, String message, long blockHeight, String type) {

    /** A line whose source does not tell system from user lines (the coordinator's Logs stream). */
    public LogEntry(Instant timestamp, Level level, String message, long blockHeight) {
        this(timestamp, level, message, blockHeight, null);
    }

    /** Severity, lowest first. UNKNOWN is a level number this console does not know. */
    public enum Level {
        TRACE, DEBUG, INFO, WARN, ERROR, UNKNOWN;

        /** Whether a line at this level passes a minimum level; unknown levels always pass. */
        public boolean atLeast(Level min) {
            return this == UNKNOWN || ordinal() >= min.ordinal();
        }
    }
}
