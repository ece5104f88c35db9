package dev.watchkeeper.connectors.logs;

import java.util.List;

/**
 * What a log source can look up beyond the live tail (the runner's sys_logs in PostgreSQL can;
 * the extension stream cannot). Blocking calls bounded by the deadline: never on the FX thread.
 * Each throws {@link LogSourceException} when the server cannot answer.
 */
public interface LogHistory {

    /** The {@code limit} lines just before the oldest one delivered or loaded so far, oldest first. */
    List<LogEntry> older(int limit);

    /** The newest {@code limit} lines whose message has these words (the table's full-text index), oldest first. */
    List<LogEntry> search(String words, int limit);

    /** The first {@code limit} lines logged at block {@code height} or later, in block order. */
    List<LogEntry> fromBlock(long height, int limit);
}
