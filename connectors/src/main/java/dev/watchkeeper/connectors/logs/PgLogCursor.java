package dev.watchkeeper.connectors.logs;

import java.time.LocalDate;

/** A position in {@code sys_logs} by its primary key {@code (date, id)}: the partition key first, so queries from it prune partitions. */
public record PgLogCursor(LocalDate date, long id) {
}
