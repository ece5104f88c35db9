package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.model.IndexerId;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads one indexer's logs and metadata from the tables the runner writes in its PostgreSQL
 * schema: {@code sys_logs} (runner/src/provisioner/schemas/logs-table.ts) and
 * {@code sys_metadata} (runner/src/provisioner/schemas/metadata-table.ts), both in
 * near/queryapi. Read-only, one connection, every call bounded by the deadline. Not for the FX thread.
 */
public final class PgLogSource implements AutoCloseable {

    private final IndexerId id;
    private final String database;
    private final String schema;
    private final Connection connection;
    private final SysLogsQueries queries;

    private PgLogSource(IndexerId id, String database, String schema, Connection connection) {
        this.id = id;
        this.database = database;
        this.schema = schema;
        this.connection = connection;
        this.queries = new SysLogsQueries(schema);
    }

    /**
     * Connects to the account's database and checks that the indexer's schema and {@code sys_logs} exist.
     *
     * @throws LogSourceException saying which of server, database or schema is missing or refused
     */
    public static PgLogSource open(PgLogServer server, IndexerId id, Duration deadline) {
        String database = IndexerDbNames.database(id);
        Connection c;
        try {
            c = DriverManager.getConnection(server.jdbcUrl(database), server.properties(IndexerDbNames.role(id), deadline));
        } catch (SQLException e) {
            throw connectFailure(server, id, database, e);
        }
        try {
            c.setReadOnly(true);
            String schema = findSchema(c, server, id, database);
            return new PgLogSource(id, database, schema, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("checking the schema of " + id.fullName(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * The schema as it exists. Upstream creates it with an unquoted {@code CREATE schema} (runner
     * hasura-client.ts createSchema), which PostgreSQL folds to lower case, so a function name with
     * capitals lives in the lower-cased schema.
     */
    private static String findSchema(Connection c, PgLogServer server, IndexerId id, String database) throws SQLException {
        String wanted = IndexerDbNames.schema(id);
        String found = null;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT nspname FROM pg_namespace WHERE nspname IN (?, lower(?)) ORDER BY nspname = ? DESC LIMIT 1")) {
            s.setString(1, wanted);
            s.setString(2, wanted);
            s.setString(3, wanted);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    found = rs.getString(1);
                }
            }
        }
        if (found == null) {
            throw new LogSourceException(LogSourceException.Problem.NO_SCHEMA, "database " + database + " on " + server.address()
                    + " has no schema " + wanted + " for indexer " + id.fullName(), null);
        }
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?)")) {
            s.setString(1, SysLogsQueries.quote(found) + ".sys_logs");
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new LogSourceException(LogSourceException.Problem.NO_SCHEMA, "schema " + found + " in database " + database
                            + " has no sys_logs table (indexer " + id.fullName() + " not provisioned by a runner that logs to PostgreSQL)", null);
                }
            }
        }
        return found;
    }

    private static LogSourceException connectFailure(PgLogServer server, IndexerId id, String database, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("3D000")) {
            return new LogSourceException(LogSourceException.Problem.NO_DATABASE, "no database " + database + " on " + server.address()
                    + " for account " + id.accountId(), e);
        }
        if (state.startsWith("28")) {
            return new LogSourceException(LogSourceException.Problem.REFUSED, server.address() + " refused the login to database "
                    + database + ": " + e.getMessage(), e);
        }
        if (state.startsWith("08") || state.isEmpty()) {
            return new LogSourceException(LogSourceException.Problem.UNREACHABLE, "cannot reach the logs database at " + server.address()
                    + ": " + e.getMessage(), e);
        }
        return failure("connecting to database " + database + " on " + server.address(), e);
    }

    private static LogSourceException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        LogSourceException.Problem p = state.startsWith("08") || state.equals("57P01") ? LogSourceException.Problem.UNREACHABLE
                : state.equals("42501") ? LogSourceException.Problem.REFUSED
                : LogSourceException.Problem.FAILED;
        return new LogSourceException(p, what + " failed: " + e.getMessage(), e);
    }

    public IndexerId indexer() {
        return id;
    }

    /** The schema read, as it exists in the database. */
    public String schema() {
        return schema;
    }

    public String database() {
        return database;
    }

    /** The newest {@code limit} rows that pass {@code f}, oldest first (newest last). */
    public List<PgLogRow> newest(PgLogFilter f, int limit) {
        List<PgLogRow> rows = run(queries.newest(f, limit), "reading the newest logs");
        Collections.reverse(rows);
        return rows;
    }

    /** Rows after {@code cursor}, oldest first, at most {@code limit}: what arrived since the last read. */
    public List<PgLogRow> after(PgLogCursor cursor, PgLogFilter f, int limit) {
        return run(queries.after(cursor, f, limit), "reading new logs");
    }

    /** Up to {@code limit} rows just before {@code cursor}, oldest first: the page above what is shown. */
    public List<PgLogRow> before(PgLogCursor cursor, PgLogFilter f, int limit) {
        List<PgLogRow> rows = run(queries.before(cursor, f, limit), "reading older logs");
        Collections.reverse(rows);
        return rows;
    }

    /** The first {@code limit} rows logged at block {@code height} or later, in block order. */
    public List<PgLogRow> fromBlock(long height, PgLogFilter f, int limit) {
        return run(queries.fromBlock(height, f, limit), "reading logs from block " + height);
    }

    /** STATUS and LAST_PROCESSED_BLOCK_HEIGHT; a missing {@code sys_metadata} reads as both unknown. */
    public synchronized IndexerMetadata metadata() {
        String status = null;
        Long height = null;
        try (Statement s = connection.createStatement()) {
            try (ResultSet check = s.executeQuery("SELECT to_regclass('" + SysLogsQueries.quote(schema).replace("'", "''") + ".sys_metadata')")) {
                if (!check.next() || check.getString(1) == null) {
                    return new IndexerMetadata(null, null);
                }
            }
            try (ResultSet rs = s.executeQuery(queries.metadata(schema))) {
                while (rs.next()) {
                    String value = rs.getString(2);
                    if ("STATUS".equals(rs.getString(1))) {
                        status = value;
                    } else {
                        height = parseHeight(value);
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("reading sys_metadata of " + id.fullName(), e);
        }
        return new IndexerMetadata(status, height);
    }

    private static Long parseHeight(String value) {
        try {
            return value == null ? null : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private synchronized List<PgLogRow> run(SysLogsQueries.Sql sql, String what) {
        try (PreparedStatement s = connection.prepareStatement(sql.text())) {
            bind(s, sql.params());
            List<PgLogRow> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    BigDecimal block = rs.getBigDecimal(3);
                    LocalDateTime ts = rs.getObject(4, LocalDateTime.class);
                    out.add(new PgLogRow(rs.getLong(1), rs.getObject(2, LocalDate.class), block == null ? null : block.longValue(),
                            ts.toInstant(ZoneOffset.UTC), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(what + " of " + id.fullName(), e);
        }
    }

    static void bind(PreparedStatement s, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
    }

    /** The plan PostgreSQL chooses for a query (for tests that check pruning and index use). */
    synchronized String explain(SysLogsQueries.Sql sql) {
        try (PreparedStatement s = connection.prepareStatement("EXPLAIN (COSTS OFF) " + sql.text())) {
            bind(s, sql.params());
            StringBuilder b = new StringBuilder();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    b.append(rs.getString(1)).append('\n');
                }
            }
            return b.toString();
        } catch (SQLException e) {
            throw failure("explaining a query", e);
        }
    }

    SysLogsQueries queries() {
        return queries;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to release
        }
    }
}
