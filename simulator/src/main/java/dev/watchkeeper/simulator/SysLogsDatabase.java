package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.logs.IndexerDbNames;
import dev.watchkeeper.model.IndexerId;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes indexers' logs and metadata to a real PostgreSQL as near/queryapi's runner does: one
 * database per account, one schema per indexer, upstream's DDL, one multi-row INSERT per batch.
 * The admin URL names a server and a database to connect to first (e.g. {@code postgres}).
 */
public final class SysLogsDatabase implements AutoCloseable {

    /**
     * near/queryapi runner/src/provisioner/schemas/logs-table.ts {@code logsTableDDL}, verbatim but
     * for the schema name filled in by {@link #logsTableDdl}.
     */
    private static final String LOGS_TABLE_DDL = """
            CREATE TABLE sys_logs (
                id BIGSERIAL NOT NULL,
                block_height NUMERIC(20),
                date DATE NOT NULL,
                timestamp TIMESTAMP NOT NULL,
                type TEXT NOT NULL,
                level TEXT NOT NULL,
                message TEXT NOT NULL,
                PRIMARY KEY (date, id)
            ) PARTITION BY RANGE (date);

            CREATE INDEX sys_logs_timestamp_idx ON sys_logs USING btree (timestamp);
            CREATE INDEX sys_logs_type_idx ON sys_logs USING btree (type);
            CREATE INDEX sys_logs_level_idx ON sys_logs USING btree (level);
            CREATE INDEX sys_logs_block_height_idx ON sys_logs USING btree (block_height);
            CREATE INDEX sys_logs_search_vector_idx ON sys_logs USING GIN (to_tsvector('english', message));


            CREATE OR REPLACE FUNCTION fn_create_partition(_tbl text, _date date, _interval_start text, _interval_end text)
            RETURNS void
            LANGUAGE plpgsql AS
            $func$
            DECLARE
            _start text;
            _end text;
            _partition_name text;
            BEGIN
            _start := TO_CHAR(date_trunc('day', _date + (_interval_start)::interval), 'YYYY-MM-DD');
              _end := TO_CHAR(date_trunc('day', _date + (_interval_end)::interval), 'YYYY-MM-DD');
            _partition_name := TO_CHAR(date_trunc('day', _date + (_interval_start)::interval), 'YYYYMMDD');
            -- Create partition\s
            EXECUTE 'CREATE TABLE IF NOT EXISTS ' || _tbl || '_p' || _partition_name || ' PARTITION OF ' || _tbl || ' FOR VALUES FROM (''' || _start || ''') TO (''' || _end || ''')';
            END
            $func$;

            SELECT fn_create_partition('${schemaName}.sys_logs', CURRENT_DATE, '0 day', '1 day');
            SELECT fn_create_partition('${schemaName}.sys_logs', CURRENT_DATE, '1 day', '2 day');

            CREATE OR REPLACE FUNCTION fn_delete_partition(_tbl text, _date date, _interval_start text, _interval_end text)
            RETURNS void
            LANGUAGE plpgsql AS
            $func$
            DECLARE
            _start text;
            _end text;
            _partition_name text;
            BEGIN
            _start := TO_CHAR(date_trunc('day', _date + (_interval_start)::interval), 'YYYY-MM-DD');
            _end := TO_CHAR(date_trunc('day', _date + (_interval_end)::interval), 'YYYY-MM-DD');
            _partition_name := TO_CHAR(date_trunc('day', _date + (_interval_start)::interval), 'YYYYMMDD');
            -- Detach partition\s
            EXECUTE 'ALTER TABLE ' || _tbl || ' DETACH PARTITION ' || _tbl || '_p' || _partition_name;
            EXECUTE 'DROP TABLE '  || _tbl || '_p' || _partition_name;
            END
            $func$;
            """;

    /** near/queryapi runner/src/provisioner/schemas/metadata-table.ts {@code metadataTableDDL}. */
    private static final String METADATA_TABLE_DDL = """
            CREATE TABLE IF NOT EXISTS sys_metadata (
                attribute TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (attribute)
            );
            """;

    /** near/queryapi runner/src/indexer-meta/indexer-meta.ts {@code METADATA_TABLE_UPSERT}. */
    private static final String METADATA_UPSERT =
            "INSERT INTO %s.sys_metadata (attribute, value) VALUES (?, ?) ON CONFLICT (attribute) DO UPDATE SET value = EXCLUDED.value";

    /** One line to write; {@code blockHeight} null when logged outside a block. */
    public record Line(Long blockHeight, long timeMillis, String type, String level, String message) {
    }

    private final String serverUrl;
    private final Properties login;
    private final Map<String, Connection> byDatabase = new HashMap<>();

    /**
     * @param adminJdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}: a role that may create databases
     */
    public SysLogsDatabase(String adminJdbcUrl, String user, String password) {
        int slash = adminJdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        this.serverUrl = slash < 0 ? adminJdbcUrl + "/" : adminJdbcUrl.substring(0, slash + 1);
        this.login = new Properties();
        login.setProperty("user", user);
        if (password != null) {
            login.setProperty("password", password);
        }
    }

    static String logsTableDdl(String schemaName) {
        return LOGS_TABLE_DDL.replace("${schemaName}", schemaName);
    }

    /**
     * Creates the account's database if missing, then the indexer's schema, logs table and
     * metadata table, and sets STATUS to PROVISIONING, as upstream's {@code Provisioner.provisionUserApi}
     * and {@code setProvisioningStatus} do (runner/src/provisioner/provisioner.ts). Idempotent.
     */
    public synchronized void provision(IndexerId id) throws SQLException {
        String database = IndexerDbNames.database(id);
        String schema = IndexerDbNames.schema(id);
        try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", login); Statement s = admin.createStatement()) {
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
        }
        Connection c = connection(database);
        try (Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            // hasura-client.ts createSchema and executeSqlOnSchema: CREATE schema, then `set schema` before the DDL
            s.execute("CREATE schema " + schema);
            s.execute("set schema '" + schema + "'");
            s.execute(logsTableDdl(schema));
            s.execute(METADATA_TABLE_DDL);
            s.execute("set schema 'public'");
        }
        setMetadata(id, "STATUS", "PROVISIONING");
    }

    /** Upstream {@code IndexerMeta.writeLogs}: one INSERT of every line, date and timestamp from the same instant. */
    public synchronized void writeLogs(IndexerId id, List<Line> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO " + IndexerDbNames.schema(id)
                + ".sys_logs (block_height, date, timestamp, type, level, message) VALUES ");
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement p = connection(IndexerDbNames.database(id)).prepareStatement(sql.toString())) {
            int n = 1;
            for (Line l : lines) {
                LocalDateTime at = LocalDateTime.ofEpochSecond(Math.floorDiv(l.timeMillis(), 1000),
                        (int) Math.floorMod(l.timeMillis(), 1000) * 1_000_000, ZoneOffset.UTC);
                p.setObject(n++, l.blockHeight() == null ? null : new java.math.BigDecimal(l.blockHeight()), java.sql.Types.NUMERIC);
                p.setObject(n++, at.toLocalDate());
                p.setTimestamp(n++, Timestamp.valueOf(at));
                p.setString(n++, l.type());
                p.setString(n++, l.level());
                p.setString(n++, l.message());
            }
            p.executeUpdate();
        }
    }

    /** Upstream {@code IndexerMeta.setStatus} / {@code updateBlockHeight}: an upsert into sys_metadata. */
    public synchronized void setMetadata(IndexerId id, String attribute, String value) throws SQLException {
        try (PreparedStatement p = connection(IndexerDbNames.database(id))
                .prepareStatement(METADATA_UPSERT.formatted(IndexerDbNames.schema(id)))) {
            p.setString(1, attribute);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    /**
     * What upstream's pg_cron jobs do daily (provisioner.ts scheduleLogPartitionJobs): create the
     * partition for the day after {@code today}, drop the one from 14 days back if it exists.
     */
    public synchronized void rotatePartitions(IndexerId id, LocalDate today) throws SQLException {
        String schema = IndexerDbNames.schema(id);
        try (Statement s = connection(IndexerDbNames.database(id)).createStatement()) {
            s.execute("SELECT " + schema + ".fn_create_partition('" + schema + ".sys_logs', DATE '" + today + "', '1 day', '2 day')");
            String old = today.minusDays(15).toString().replace("-", "");
            try (var rs = s.executeQuery("SELECT to_regclass('" + schema + ".sys_logs_p" + old + "')")) {
                if (rs.next() && rs.getString(1) != null) {
                    s.execute("SELECT " + schema + ".fn_delete_partition('" + schema + ".sys_logs', DATE '" + today + "', '-15 day', '-14 day')");
                }
            }
        }
    }

    /** Creates the partition of the day {@code daysFromToday} (negative: past) with upstream's own function. */
    public synchronized void createPartition(IndexerId id, int daysFromToday) throws SQLException {
        String schema = IndexerDbNames.schema(id);
        try (Statement s = connection(IndexerDbNames.database(id)).createStatement()) {
            s.execute("SELECT " + schema + ".fn_create_partition('" + schema + ".sys_logs', CURRENT_DATE, '"
                    + daysFromToday + " day', '" + (daysFromToday + 1) + " day')");
        }
    }

    private Connection connection(String database) throws SQLException {
        Connection c = byDatabase.get(database);
        if (c == null || c.isClosed()) {
            c = DriverManager.getConnection(serverUrl + database, login);
            byDatabase.put(database, c);
        }
        return c;
    }

    @Override
    public synchronized void close() {
        for (Connection c : byDatabase.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the server went away first: nothing to release
            }
        }
        byDatabase.clear();
    }
}
