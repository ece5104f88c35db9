package dev.watchkeeper.connectors.logs;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of an indexer's {@code sys_logs} table (near/queryapi
 * {@code runner/src/provisioner/schemas/logs-table.ts}).
 *
 * @param blockHeight null when the runner logged outside a block
 * @param type        {@code system} or {@code user}
 * @param level       {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}, as stored
 */
public record PgLogRow(long id, LocalDate date, Long blockHeight, Instant timestamp, String type, String level, String message) {

    /** This row's place in the table's key order {@code (date, id)}. */
    public PgLogCursor cursor() {
        return new PgLogCursor(date, id);
    }

    /** The row as a line of the log pane. */
    public LogEntry toEntry() {
        return new LogEntry(timestamp, level(level), message, blockHeight == null ? 0 : blockHeight, type);
    }

    static LogEntry.Level level(String stored) {
        if (stored == null) {
            return LogEntry.Level.UNKNOWN;
        }
        return switch (stored) {
            case "DEBUG" -> LogEntry.Level.DEBUG;
            case "INFO" -> LogEntry.Level.INFO;
            case "WARN" -> LogEntry.Level.WARN;
            case "ERROR" -> LogEntry.Level.ERROR;
            default -> LogEntry.Level.UNKNOWN;
        };
    }
}
