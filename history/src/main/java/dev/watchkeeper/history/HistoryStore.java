package dev.watchkeeper.history;

import dev.watchkeeper.history.HistoryEvent.Command;
import dev.watchkeeper.history.HistoryEvent.EpochChange;
import dev.watchkeeper.history.HistoryEvent.EpochProjects;
import dev.watchkeeper.history.HistoryEvent.Gap;
import dev.watchkeeper.history.HistoryEvent.IndexerChange;
import dev.watchkeeper.history.HistoryEvent.Keyframe;
import dev.watchkeeper.history.HistoryEvent.SnapshotterChange;
import dev.watchkeeper.history.HistoryEvent.SourceChange;
import dev.watchkeeper.history.StoreLocation.Dialect;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.SourceStatus;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet history database (docs/history.md): Flyway brings the schema up to date on open; one
 * connection writes (the recorder's writer thread, one transaction per batch), another reads, so a
 * reader never waits for a batch (SQLite in WAL mode, PostgreSQL by MVCC).
 */
public final class HistoryStore implements AutoCloseable {

    /** Decoded epoch_projects rows by namespace, epoch and time written: scrubbing reads the same few again and again. */
    final Map<String, EpochProjectsCodec.Stored> decodedProjects = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(128, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, EpochProjectsCodec.Stored> eldest) {
                    return size() > 96;
                }
            });


    /** A recorder whose session committed this recently is taken to be alive (sharing a PostgreSQL store). */
    static final long LIVE_SESSION_MS = 60_000;
    /** How long a SQLite statement waits for another connection's lock (a batch, a migration) before failing. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    private final StoreLocation location;
    private final Connection writer;
    private final Connection reader;
    private final Map<IndexerId, Long> ids = new ConcurrentHashMap<>();
    private final Map<Long, IndexerId> names = new ConcurrentHashMap<>();
    /** Ids added by the transaction in progress: remembered once it commits. */
    private final Map<IndexerId, Long> pendingIds = new ConcurrentHashMap<>();

    private HistoryStore(StoreLocation location, Connection writer, Connection reader) {
        this.location = location;
        this.writer = writer;
        this.reader = reader;
    }

    /** Opens (creating when missing) the store and brings its schema up to date. */
    public static HistoryStore open(StoreLocation location) {
        return open(location, true);
    }

    /**
     * Opens the store; with {@code create} false a missing SQLite file is an error ("nothing recorded
     * yet") instead of a new empty store.
     */
    public static HistoryStore open(StoreLocation location, boolean create) {
        Path file = location.file();
        if (file != null) {
            if (!Files.exists(file) && !create) {
                throw new HistoryException("no history recorded at " + file + " (run `watchkeeper record` for this profile first)");
            }
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new HistoryException("cannot create the history directory for " + file + ": "
                        + dev.watchkeeper.model.FileProblem.describe(e), e);
            }
        }
        migrate(location);
        Connection w = null;
        try {
            w = connect(location);
            Connection r = connect(location);
            w.setAutoCommit(false);
            HistoryStore store = new HistoryStore(location, w, r);
            store.loadNames();
            return store;
        } catch (SQLException e) {
            closeQuietly(w);
            throw new HistoryException("cannot open the history store " + location.display() + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(StoreLocation location) {
        String vendor = location.dialect() == Dialect.SQLITE ? "sqlite" : "postgresql";
        // PostgreSQL: Flyway takes an advisory lock itself; SQLite has none, so its migrations are serialized here
        try (MigrationLock ignored = location.file() == null ? null : MigrationLock.take(location.file())) {
            Flyway.configure()
                    .dataSource(withBusyTimeout(location), location.user(), location.password())
                    .locations("classpath:db/history/" + vendor)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new HistoryException("cannot open the history store " + location.display() + ": " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new HistoryException("cannot open the history store " + location.display() + ": "
                    + dev.watchkeeper.model.FileProblem.describe(e), e);
        }
    }

    /** Flyway's own connection waits for a recorder's batch as the store's connections do, instead of failing at once. */
    private static String withBusyTimeout(StoreLocation location) {
        String url = location.jdbcUrl();
        if (location.dialect() != Dialect.SQLITE || url.contains("busy_timeout")) {
            return url;
        }
        return url + (url.indexOf('?') < 0 ? "?" : "&") + "busy_timeout=" + BUSY_TIMEOUT_MS;
    }

    private static Connection connect(StoreLocation location) throws SQLException {
        Properties p = new Properties();
        if (location.user() != null) {
            p.setProperty("user", location.user());
        }
        if (location.password() != null) {
            p.setProperty("password", location.password());
        }
        if (location.dialect() == Dialect.SQLITE) {
            // WAL: readers never wait for the writer; NORMAL sync loses nothing committed when the process is killed
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        } else {
            p.setProperty("reWriteBatchedInserts", "true");
        }
        return DriverManager.getConnection(location.jdbcUrl(), p);
    }

    public StoreLocation location() {
        return location;
    }

    Dialect dialect() {
        return location.dialect();
    }

    /** The connection reads go through; callers synchronize on it. */
    Connection reader() {
        return reader;
    }

    /** The connection writes go through (autocommit off); callers synchronize on it. */
    Connection writer() {
        return writer;
    }

    // ---- sessions ----------------------------------------------------------------------------

    /**
     * Starts a recorder session at {@code nowMs}. A previous session that never closed (the recorder
     * was killed) leaves a gap from its last committed batch; one that closed leaves a "not recording" gap.
     */
    public long beginSession(long nowMs) {
        synchronized (writer) {
            try {
                // the insert comes first so the transaction takes SQLite's write lock (waiting out busy_timeout)
                // before it reads: a transaction that reads first and then writes fails at once when another
                // process committed in between, as a console and a recorder starting together do
                long id;
                try (PreparedStatement ps = writer.prepareStatement(
                        "INSERT INTO recorder_session (started_ms, last_commit_ms, host, pid) VALUES (?, ?, ?, ?) RETURNING id")) {
                    ps.setLong(1, nowMs);
                    ps.setLong(2, nowMs);
                    ps.setString(3, host());
                    ps.setLong(4, ProcessHandle.current().pid());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = writer.prepareStatement(
                        "SELECT last_commit_ms, ended_ms FROM recorder_session WHERE id < ? ORDER BY id DESC LIMIT 1")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            long last = rs.getLong(1);
                            Long ended = RecordColumns.number(rs, 2);
                            if (ended == null && nowMs - last > LIVE_SESSION_MS) {
                                insertGap(new Gap(last, nowMs, "the recorder stopped without closing (killed or crashed):"
                                        + " changes after its last committed batch are missing"));
                            } else if (ended != null && nowMs > ended) {
                                insertGap(new Gap(ended, nowMs, "not recording"));
                            }
                        }
                    }
                }
                try (PreparedStatement ps = writer.prepareStatement(
                        "UPDATE recorder_session SET ended_ms = last_commit_ms WHERE ended_ms IS NULL AND last_commit_ms < ? AND id < ?")) {
                    ps.setLong(1, nowMs - LIVE_SESSION_MS);
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                writer.commit();
                return id;
            } catch (SQLException e) {
                rollback();
                throw failure("start recording in", e);
            }
        }
    }

    /** Marks the session closed at {@code nowMs} (its end starts a "not recording" gap at the next start). */
    public void endSession(long session, long nowMs, long dropped) {
        synchronized (writer) {
            try (PreparedStatement ps = writer.prepareStatement(
                    "UPDATE recorder_session SET ended_ms = ?, last_commit_ms = ?, dropped = ? WHERE id = ?")) {
                ps.setLong(1, nowMs);
                ps.setLong(2, nowMs);
                ps.setLong(3, dropped);
                ps.setLong(4, session);
                ps.executeUpdate();
                writer.commit();
            } catch (SQLException e) {
                rollback();
                throw failure("close the recording session in", e);
            }
        }
    }

    // ---- writing -----------------------------------------------------------------------------

    /**
     * Appends {@code events} in one transaction, in their order (a keyframe covers the changes before
     * it), and advances the session's last committed time to {@code commitMs} in the same transaction.
     */
    public void write(List<HistoryEvent> events, long session, long commitMs, long dropped) {
        synchronized (writer) {
            try (PreparedStatement changes = writer.prepareStatement("INSERT INTO indexer_event (at_ms, indexer, present, "
                    + RecordColumns.NAMES + ") VALUES (?, ?, ?, " + RecordColumns.PLACEHOLDERS + ")")) {
                int pending = 0;
                for (HistoryEvent e : events) {
                    switch (e) {
                        case IndexerChange c -> {
                            changes.setLong(1, c.atMs());
                            changes.setLong(2, idOf(c.record().id()));
                            changes.setInt(3, c.record().present() ? 1 : 0);
                            RecordColumns.bind(changes, 4, c.record());
                            changes.addBatch();
                            pending++;
                        }
                        case Keyframe k -> {
                            if (pending > 0) {
                                changes.executeBatch();
                                pending = 0;
                            }
                            insertKeyframe(k);
                        }
                        case SourceChange s -> insertSource(s);
                        case EpochChange ep -> insertEpoch(ep);
                        case EpochProjects ep -> upsertEpochProjects(ep);
                        case SnapshotterChange s -> insertSnapshotter(s);
                        case Command c -> insertCommand(c);
                        case Gap g -> insertGap(g);
                    }
                }
                if (pending > 0) {
                    changes.executeBatch();
                }
                try (PreparedStatement ps = writer.prepareStatement("UPDATE recorder_session SET last_commit_ms = ?, dropped = ? WHERE id = ?")) {
                    ps.setLong(1, commitMs);
                    ps.setLong(2, dropped);
                    ps.setLong(3, session);
                    ps.executeUpdate();
                }
                writer.commit();
                pendingIds.forEach((name, id) -> remember(id, name));
                pendingIds.clear();
            } catch (SQLException e) {
                rollback();
                throw failure("write to", e);
            }
        }
    }

    private void insertKeyframe(Keyframe k) throws SQLException {
        long lastSeq;
        try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM indexer_event")) {
            rs.next();
            lastSeq = rs.getLong(1);
        }
        long id;
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO keyframe (at_ms, last_seq, indexers) VALUES (?, ?, ?) RETURNING id")) {
            ps.setLong(1, k.atMs());
            ps.setLong(2, lastSeq);
            ps.setInt(3, k.fleet().size());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO keyframe_indexer (keyframe, indexer, "
                + RecordColumns.NAMES + ") VALUES (?, ?, " + RecordColumns.PLACEHOLDERS + ")")) {
            int n = 0;
            for (IndexerRecord r : k.fleet()) {
                ps.setLong(1, id);
                ps.setLong(2, idOf(r.id()));
                RecordColumns.bind(ps, 3, r);
                ps.addBatch();
                if (++n % 5000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private void insertSource(SourceChange c) throws SQLException {
        SourceStatus s = c.status();
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO source_event (at_ms, source, state, since_ms, "
                + "last_confirmed_ms, next_retry_ms, mode, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, c.atMs());
            ps.setString(2, s.source().name());
            ps.setString(3, s.state().name());
            RecordColumns.number(ps, 4, millis(s.since()));
            RecordColumns.number(ps, 5, millis(s.lastConfirmed()));
            RecordColumns.number(ps, 6, millis(s.nextRetry()));
            ps.setString(7, s.mode());
            ps.setString(8, s.message());
            ps.executeUpdate();
        }
    }

    private void insertEpoch(EpochChange c) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT INTO epoch_event (at_ms, namespace, epoch_id, released_at_s, states) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, c.atMs());
            ps.setString(2, c.namespace());
            ps.setLong(3, c.epochId());
            RecordColumns.number(ps, 4, c.releasedAtSecs());
            ps.setString(5, EpochStatesJson.write(c.states()));
            ps.executeUpdate();
        }
    }

    private void upsertEpochProjects(EpochProjects c) throws SQLException {
        // the same statement on SQLite (3.24+) and PostgreSQL: one row per epoch, the newest content
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT INTO epoch_projects (namespace, epoch_id, at_ms, released_at_s, updates) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (namespace, epoch_id) DO UPDATE SET at_ms = excluded.at_ms, "
                        + "released_at_s = excluded.released_at_s, updates = excluded.updates")) {
            ps.setString(1, c.namespace());
            ps.setLong(2, c.epochId());
            ps.setLong(3, c.atMs());
            RecordColumns.number(ps, 4, c.releasedAtSecs());
            ps.setBytes(5, EpochProjectsCodec.encode(c.updates(), c.replaced()));
            ps.executeUpdate();
        }
    }

    private void insertSnapshotter(SnapshotterChange c) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT INTO snapshotter_event (at_ms, namespace, active, last_detected_s) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, c.atMs());
            ps.setString(2, c.namespace());
            RecordColumns.number(ps, 3, c.active() == null ? null : c.active() ? 1L : 0L);
            RecordColumns.number(ps, 4, c.lastEpochDetectedAtSecs());
            ps.executeUpdate();
        }
    }

    private void insertCommand(Command c) throws SQLException {
        var e = c.entry();
        long seq;
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO command_event (at_ms, os_user, profile, command, targets, "
                + "reason, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq")) {
            ps.setLong(1, c.atMs());
            ps.setString(2, e.user());
            ps.setString(3, e.profile());
            ps.setString(4, e.command());
            ps.setString(5, String.join("\n", e.targets()));
            ps.setString(6, e.reason());
            ps.setString(7, e.outcome());
            ps.setString(8, e.detail());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT INTO command_target (command, indexer) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String t : e.targets()) {
                IndexerId id;
                try {
                    id = IndexerId.parse(t);
                } catch (IllegalArgumentException notAnIndexer) {
                    continue;
                }
                ps.setLong(1, seq);
                ps.setLong(2, idOf(id));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertGap(Gap g) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO gap (from_ms, to_ms, reason) VALUES (?, ?, ?)")) {
            ps.setLong(1, g.fromMs());
            ps.setLong(2, g.toMs());
            ps.setString(3, g.reason());
            ps.executeUpdate();
        }
    }

    /** The stored id of an indexer, added to the dictionary on first sight (inside the caller's transaction). */
    private long idOf(IndexerId id) throws SQLException {
        Long known = ids.get(id);
        if (known == null) {
            known = pendingIds.get(id);
        }
        if (known != null) {
            return known;
        }
        try (PreparedStatement ins = writer.prepareStatement(
                "INSERT INTO indexer (account, function) VALUES (?, ?) ON CONFLICT (account, function) DO NOTHING")) {
            ins.setString(1, id.accountId());
            ins.setString(2, id.functionName());
            ins.executeUpdate();
        }
        try (PreparedStatement q = writer.prepareStatement("SELECT id FROM indexer WHERE account = ? AND function = ?")) {
            q.setString(1, id.accountId());
            q.setString(2, id.functionName());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                // cached only once committed: a rolled-back batch must not leave an id that was never stored
                pendingIds.put(id, v);
                return v;
            }
        }
    }

    // ---- names -------------------------------------------------------------------------------

    private void loadNames() throws SQLException {
        synchronized (reader) {
            try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT id, account, function FROM indexer")) {
                while (rs.next()) {
                    remember(rs.getLong(1), new IndexerId(rs.getString(2), rs.getString(3)));
                }
            }
        }
    }

    private void remember(long id, IndexerId name) {
        ids.put(name, id);
        names.put(id, name);
        if (id >= 0 && id < DENSE_NAMES) {
            synchronized (names) {
                IndexerId[] d = denseNames;
                if (id >= d.length) {
                    d = java.util.Arrays.copyOf(d, (int) Math.min(DENSE_NAMES, Math.max(id + 1, 2L * d.length)));
                }
                d[(int) id] = name;
                denseNames = d;
            }
        }
    }

    /** Ids below this are also found by index (ids are handed out from 1 on): a change read needs no boxed key. */
    static final long DENSE_NAMES = 1 << 20;
    /** By id; a slot not yet seen here is null and the map answers (set once, never changed: a stale read only misses). */
    private volatile IndexerId[] denseNames = new IndexerId[0];

    /** Places in fleets' arrays of indexers with ids past {@link #DENSE_NAMES} (over a million indexers ever stored). */
    private final Map<Long, Integer> farSlots = new HashMap<>();

    /** The indexer's place in arrays indexed by indexer (a cursor's checkpoints): its id while dense, else one handed out here. */
    int slotOf(long id) {
        if (id >= 0 && id < DENSE_NAMES) {
            return (int) id;
        }
        synchronized (farSlots) {
            return farSlots.computeIfAbsent(id, k -> (int) DENSE_NAMES + farSlots.size());
        }
    }

    /** The indexer with stored id {@code id} (read from the dictionary when another writer added it). */
    IndexerId nameOf(long id) throws SQLException {
        IndexerId[] d = denseNames;
        if (id >= 0 && id < d.length && d[(int) id] != null) {
            return d[(int) id];
        }
        IndexerId n = names.get(id);
        if (n == null) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT account, function FROM indexer WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("indexer id " + id + " is not in the dictionary");
                    }
                    n = new IndexerId(rs.getString(1), rs.getString(2));
                    remember(id, n);
                }
            }
        }
        return n;
    }

    /** The stored id of an indexer, or null when the store never saw it. */
    Long storedId(IndexerId id) throws SQLException {
        Long v = ids.get(id);
        if (v != null) {
            return v;
        }
        try (PreparedStatement ps = reader.prepareStatement("SELECT id FROM indexer WHERE account = ? AND function = ?")) {
            ps.setString(1, id.accountId());
            ps.setString(2, id.functionName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                remember(rs.getLong(1), id);
                return rs.getLong(1);
            }
        }
    }

    // ---- size --------------------------------------------------------------------------------

    /** Bytes the store's data takes (SQLite: pages in use, free pages excluded; PostgreSQL: our tables and indexes). */
    public long sizeBytes() {
        synchronized (reader) {
            try (Statement st = reader.createStatement()) {
                if (dialect() == Dialect.SQLITE) {
                    long pages = single(st, "PRAGMA page_count");
                    long free = single(st, "PRAGMA freelist_count");
                    long size = single(st, "PRAGMA page_size");
                    return (pages - free) * size;
                }
                return single(st, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema()");
            } catch (SQLException e) {
                throw failure("measure", e);
            }
        }
    }

    static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    HistoryException failure(String what, SQLException e) {
        return new HistoryException("cannot " + what + " the history store " + location.display() + ": " + e.getMessage(), e);
    }

    private void rollback() {
        pendingIds.clear();
        try {
            writer.rollback();
        } catch (SQLException e) {
            // SQLite ends the transaction itself on some errors (SQLITE_FULL): the driver's ROLLBACK then
            // fails and it begins no new transaction, so every later COMMIT would fail ("no transaction
            // is active") even once the disk has room again. Leave and re-enter manual commit to begin afresh.
            try {
                writer.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the driver switches the mode before it fails on the COMMIT of no transaction
            }
            try {
                writer.setAutoCommit(false);
            } catch (SQLException ignored) {
                // the connection is broken; the next write reports it
            }
        }
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }

    /**
     * Runs one statement on the writer's connection. For the disk-full tests: SQLite's
     * {@code PRAGMA max_page_count} (per connection) makes the store full, and raising it is space
     * coming back.
     */
    void onWriter(String sql) throws SQLException {
        synchronized (writer) {
            try (Statement st = writer.createStatement()) {
                st.execute(sql);
            }
        }
    }

    @Override
    public void close() {
        synchronized (writer) {
            closeQuietly(writer);
        }
        synchronized (reader) {
            closeQuietly(reader);
        }
    }
}
