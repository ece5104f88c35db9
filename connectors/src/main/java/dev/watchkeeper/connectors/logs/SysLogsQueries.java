package dev.watchkeeper.connectors.logs;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that reads {@code sys_logs}. Every page is bounded by {@code LIMIT} and walks the
 * primary key {@code (date, id)} with the partition key {@code date} bounded by a constant, so
 * PostgreSQL prunes the day partitions a page cannot touch. Text search uses exactly the
 * expression of upstream's GIN index {@code sys_logs_search_vector_idx}
 * ({@code to_tsvector('english', message)}, runner/src/provisioner/schemas/logs-table.ts), so
 * the index serves it; {@code websearch_to_tsquery} accepts any operator text without syntax errors.
 */
final class SysLogsQueries {

    /** SQL text and its parameters, in order. */
    record Sql(String text, List<Object> params) {
    }

    private static final String COLUMNS = "id, date, block_height, timestamp, type, level, message";

    private final String table;

    /** @param schema the indexer's schema as it exists in the database */
    SysLogsQueries(String schema) {
        this.table = quote(schema) + ".sys_logs";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The newest {@code limit} rows, newest first. */
    Sql newest(PgLogFilter f, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("TRUE");
        filters(f, where, params);
        return page(where, params, "date DESC, id DESC", limit);
    }

    /** Rows after {@code c} in key order, oldest first: the live tail. */
    Sql after(PgLogCursor c, PgLogFilter f, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("date >= ? AND (date, id) > (?, ?)");
        params.add(c.date());
        params.add(c.date());
        params.add(c.id());
        filters(f, where, params);
        return page(where, params, "date, id", limit);
    }

    /** Rows before {@code c} in key order, newest first: an older page. */
    Sql before(PgLogCursor c, PgLogFilter f, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("date <= ? AND (date, id) < (?, ?)");
        params.add(c.date());
        params.add(c.date());
        params.add(c.id());
        filters(f, where, params);
        return page(where, params, "date DESC, id DESC", limit);
    }

    /** The first rows logged at {@code height} or above, in block then key order: a jump to a block. */
    Sql fromBlock(long height, PgLogFilter f, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("block_height >= ?");
        params.add(new java.math.BigDecimal(height));
        filters(f, where, params);
        return page(where, params, "block_height, date, id", limit);
    }

    private void filters(PgLogFilter f, StringBuilder where, List<Object> params) {
        if (f.since() != null) {
            // timestamp and date are written from the same UTC instant (runner/src/indexer-meta/indexer-meta.ts writeLogs)
            LocalDateTime since = LocalDateTime.ofInstant(f.since(), ZoneOffset.UTC);
            where.append(" AND date >= ? AND timestamp >= ?");
            params.add(since.toLocalDate());
            params.add(since);
        }
        if (!f.levels().isEmpty()) {
            where.append(" AND level IN (").append(marks(f.levels().size())).append(')');
            params.addAll(f.levels().stream().sorted().toList());
        }
        if (!f.types().isEmpty()) {
            where.append(" AND type IN (").append(marks(f.types().size())).append(')');
            params.addAll(f.types().stream().sorted().toList());
        }
        if (f.search() != null) {
            where.append(" AND to_tsvector('english', message) @@ websearch_to_tsquery('english', ?)");
            params.add(f.search());
        }
    }

    private Sql page(StringBuilder where, List<Object> params, String order, int limit) {
        params.add(Math.max(1, limit));
        return new Sql("SELECT " + COLUMNS + " FROM " + table + " WHERE " + where + " ORDER BY " + order + " LIMIT ?", List.copyOf(params));
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** STATUS and LAST_PROCESSED_BLOCK_HEIGHT from {@code sys_metadata}. */
    String metadata(String schema) {
        return "SELECT attribute, value FROM " + quote(schema) + ".sys_metadata WHERE attribute IN ('STATUS', 'LAST_PROCESSED_BLOCK_HEIGHT')";
    }
}
