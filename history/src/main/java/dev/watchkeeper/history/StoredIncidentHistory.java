package dev.watchkeeper.history;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.incident.InMemoryIncidentHistory;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentHistory;
import dev.watchkeeper.model.incident.IncidentMember;
import dev.watchkeeper.model.incident.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Incidents in the history store (tables {@code incident}, {@code incident_member},
 * {@code incident_evidence}), so the incident list reaches back before the console started and a
 * headless recorder's incidents show in every console.
 * <p>
 * {@link #record} never touches the database: the console calls it on the FX thread. It keeps the
 * incident for this session's reads and hands it to one writer thread, which writes the latest
 * version of each changed incident in one transaction (an incident growing by 40 members in a
 * second is written once or twice, not 40 times). {@link #since} and {@link #find} read the store:
 * call them off the FX thread.
 * <p>
 * Two engines watching one fleet (a recorder and a console) each record the same incident under
 * their own origin; reads show it once (the version with more members).
 * <p>
 * A writer touches its open incidents every {@link #HEARTBEAT} (and once when it closes), so a reader
 * can tell a stopped origin from a live one: another origin's open incident untouched for
 * {@link #STALE_AFTER} is read as no longer observed since its last touch
 * ({@link Incident#unobserved()}), not as still open.
 */
public final class StoredIncidentHistory implements IncidentHistory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoredIncidentHistory.class);
    /** The incident list shows at most this many, newest first (as the in-memory history keeps). */
    static final int READ_LIMIT = InMemoryIncidentHistory.DEFAULT_CAPACITY;
    /** Writes of a burst are gathered this long into one transaction. */
    private static final long GATHER_MS = 200;
    private static final long RETRY_MS = 2_000;
    /** How often a writer touches ({@code updated_ms}) its open incidents to say it still watches them. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(60);
    /** Another origin's open incident untouched this long is no longer observed: its writer stopped. */
    public static final Duration STALE_AFTER = HEARTBEAT.multipliedBy(3);

    private final HistoryStore store;
    private final String origin;
    private final Clock clock;
    private final long heartbeatNanos;
    private final InMemoryIncidentHistory session = new InMemoryIncidentHistory();
    private final Map<String, Incident> pending = new LinkedHashMap<>();
    /** Null for a reader that never writes (a one-shot CLI command). */
    private final Thread writer;
    private boolean writing;
    private boolean closed;
    private volatile String lastError;
    private long written;

    /** @param origin who groups these incidents, unique among the store's writers ({@link #originHere}) */
    public StoredIncidentHistory(HistoryStore store, String origin, Clock clock) {
        this(store, origin, clock, true, HEARTBEAT);
    }

    /** With another heartbeat period (tests: a writer thread's heartbeat without waiting a minute). */
    StoredIncidentHistory(HistoryStore store, String origin, Clock clock, Duration heartbeat) {
        this(store, origin, clock, true, heartbeat);
    }

    private StoredIncidentHistory(HistoryStore store, String origin, Clock clock, boolean write, Duration heartbeat) {
        this.store = store;
        this.origin = origin;
        this.clock = clock;
        this.heartbeatNanos = heartbeat.toNanos();
        if (write) {
            this.writer = new Thread(this::writeLoop, "watchkeeper-incident-writer");
            writer.setDaemon(true);
            writer.start();
        } else {
            this.writer = null;
        }
    }

    /**
     * Reads the store's incidents together with those recorded here, which stay in memory: for a
     * one-shot look whose grouping (of problems it cannot date) must not become history.
     */
    public static StoredIncidentHistory readOnly(HistoryStore store, String origin, Clock clock) {
        return new StoredIncidentHistory(store, origin, clock, false, HEARTBEAT);
    }

    /** The incidents recorded through this history (this session's own), newest first. */
    public List<Incident> recordedHere(Instant since) {
        return session.since(since);
    }

    /** This process as an origin: host, process id and start time (a restarted console numbers its incidents afresh). */
    public static String originHere(Clock clock) {
        return ManagementFactory.getRuntimeMXBean().getName() + "@" + clock.millis();
    }

    public String origin() {
        return origin;
    }

    /** The last write failure (the store unreachable, the disk full), null when the last write succeeded. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void record(Incident incident) {
        session.record(incident);
        synchronized (this) {
            if (closed || writer == null) {
                return;
            }
            pending.put(incident.id(), incident);
            notifyAll();
        }
    }

    /** Waits until every incident recorded so far is written (or failed to be). */
    public synchronized void flush() throws InterruptedException {
        while ((!pending.isEmpty() || writing) && lastError == null) {
            wait(RETRY_MS);
        }
    }

    @Override
    public List<Incident> since(Instant since) {
        Map<String, Stored> byKey = new LinkedHashMap<>();
        for (Stored s : read(since)) {
            byKey.put(s.origin + "\n" + s.incident.id(), s);
        }
        // this session's newest versions, written or not, win over what the store holds
        for (Incident i : session.since(since)) {
            byKey.put(origin + "\n" + i.id(), new Stored(origin, i));
        }
        return distinct(new ArrayList<>(byKey.values()));
    }

    @Override
    public Optional<Incident> find(String id) {
        Optional<Incident> mine = session.find(id);
        if (mine.isPresent()) {
            return mine;
        }
        return readWhere("i.id = ?", ps -> ps.setString(1, id)).stream()
                .map(Stored::incident).max(Comparator.comparing((Incident i) -> !i.unobserved()).thenComparingInt(Incident::size));
    }

    // ---- reading -------------------------------------------------------------------------------

    private List<Stored> read(Instant since) {
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        return readWhere("i.start_ms >= ?", ps -> ps.setLong(1, from));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** The newest {@value #READ_LIMIT} incidents matching {@code where} (on alias i) with their members and evidence. */
    private List<Stored> readWhere(String where, Binder binder) {
        Connection db = store.reader();
        synchronized (db) {
            try {
                Map<String, Row> rows = new LinkedHashMap<>();
                long staleBefore = clock.millis() - STALE_AFTER.toMillis();
                try (PreparedStatement ps = db.prepareStatement("SELECT i.origin, i.id, i.kind, i.kind_label, i.title, i.start_ms, i.end_ms,"
                        + " i.updated_ms FROM incident i WHERE " + where + " ORDER BY i.start_ms DESC, i.id LIMIT " + READ_LIMIT)) {
                    binder.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Row r = new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                    Instant.ofEpochMilli(rs.getLong(6)), instant(RecordColumns.number(rs, 7)));
                            long updated = rs.getLong(8);
                            // an open incident of a writer that stopped touching it: nobody watches it any more
                            if (r.end == null && !r.origin.equals(origin) && updated < staleBefore) {
                                r.observedUntil = Instant.ofEpochMilli(updated);
                            }
                            rows.put(r.key(), r);
                        }
                    }
                }
                if (rows.isEmpty()) {
                    return List.of();
                }
                String chosen = "(m.origin, m.incident) IN (SELECT i.origin, i.id FROM incident i WHERE " + where
                        + " ORDER BY i.start_ms DESC, i.id LIMIT " + READ_LIMIT + ")";
                try (PreparedStatement ps = db.prepareStatement("SELECT m.origin, m.incident, m.problem_key, m.kind, m.kind_label, m.subject,"
                        + " m.account, m.function, m.start_ms, m.end_ms, m.reason, m.block_height, m.epoch_id, m.state_id, m.error, m.source,"
                        + " m.population FROM incident_member m WHERE " + chosen + " ORDER BY m.origin, m.incident, m.ord")) {
                    binder.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Row r = rows.get(rs.getString(1) + "\n" + rs.getString(2));
                            if (r != null) {
                                r.members.add(member(rs));
                            }
                        }
                    }
                }
                try (PreparedStatement ps = db.prepareStatement("SELECT m.origin, m.incident, m.line FROM incident_evidence m WHERE "
                        + chosen + " ORDER BY m.origin, m.incident, m.ord")) {
                    binder.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Row r = rows.get(rs.getString(1) + "\n" + rs.getString(2));
                            if (r != null) {
                                r.evidence.add(rs.getString(3));
                            }
                        }
                    }
                }
                List<Stored> out = new ArrayList<>(rows.size());
                for (Row r : rows.values()) {
                    if (!r.members.isEmpty()) {
                        out.add(new Stored(r.origin, new Incident(r.id, r.kind, r.kindLabel, r.title, r.start, r.end, r.members, r.evidence,
                                r.observedUntil)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw store.failure("read incidents from", e);
            }
        }
    }

    private static IncidentMember member(ResultSet rs) throws SQLException {
        String account = rs.getString(7);
        String function = rs.getString(8);
        IndexerId indexer = account == null || function == null ? null : new IndexerId(account, function);
        Long population = RecordColumns.number(rs, 17);
        Problem p = new Problem(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), indexer,
                Instant.ofEpochMilli(rs.getLong(9)), rs.getString(11), RecordColumns.number(rs, 12), RecordColumns.number(rs, 13),
                rs.getString(14), rs.getString(15), rs.getString(16), population == null ? null : population.intValue());
        return new IncidentMember(p, instant(RecordColumns.number(rs, 10)));
    }

    /**
     * One incident per cause: versions from different origins of the same kind in which one problem
     * (by key) was active at the same time are one incident (a problem belongs to one incident at a
     * time). The version shown is one still observed (open or resolved) over one whose writer stopped,
     * then the one with more members, on a tie the one that saw it begin first (its start is the truer
     * one); a read-only history's own one-shot grouping gives way to the store's.
     */
    private List<Incident> distinct(List<Stored> all) {
        Comparator<Stored> order = Comparator.comparing((Stored s) -> s.incident.unobserved())
                .thenComparing((Stored s) -> writer == null && s.origin.equals(origin))
                .thenComparing(Comparator.comparingInt((Stored s) -> s.incident.size()).reversed())
                .thenComparing(s -> s.incident.start())
                .thenComparing(s -> !s.origin.equals(origin));
        all.sort(order);
        List<Stored> kept = new ArrayList<>();
        Map<Stored, Map<String, IncidentMember>> members = new HashMap<>();
        for (Stored s : all) {
            Map<String, IncidentMember> mine = membersOf(s.incident);
            boolean duplicate = false;
            for (Stored k : kept) {
                if (!k.origin.equals(s.origin) && k.incident.kind().equals(s.incident.kind()) && overlap(members.get(k), mine)) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                kept.add(s);
                members.put(s, mine);
            }
        }
        return kept.stream().map(Stored::incident)
                .sorted(Comparator.comparing(Incident::start).reversed().thenComparing(Incident::id)).toList();
    }

    /** True when one problem key is a member of both while active in both at some moment. */
    private static boolean overlap(Map<String, IncidentMember> a, Map<String, IncidentMember> b) {
        Map<String, IncidentMember> small = a.size() <= b.size() ? a : b;
        Map<String, IncidentMember> large = small == a ? b : a;
        for (var e : small.entrySet()) {
            IncidentMember other = large.get(e.getKey());
            if (other != null && before(e.getValue().start(), other.end()) && before(other.start(), e.getValue().end())) {
                return true;
            }
        }
        return false;
    }

    /** {@code t} is at or before {@code end} (null: still lasting). */
    private static boolean before(Instant t, Instant end) {
        return end == null || !t.isAfter(end);
    }

    /** By problem key; an unobserved incident's lasting members count as lasting only until it was last observed. */
    private static Map<String, IncidentMember> membersOf(Incident i) {
        Map<String, IncidentMember> out = new HashMap<>();
        for (IncidentMember m : i.members()) {
            out.put(m.problem().key(), i.unobserved() && m.end() == null ? new IncidentMember(m.problem(), i.observedUntil()) : m);
        }
        return out;
    }

    // ---- writing -------------------------------------------------------------------------------

    private void writeLoop() {
        long nextBeat = System.nanoTime() + heartbeatNanos;
        while (true) {
            List<Incident> batch;
            boolean last;
            synchronized (this) {
                try {
                    long left;
                    while (pending.isEmpty() && !closed && (left = nextBeat - System.nanoTime()) > 0) {
                        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    }
                    if (!pending.isEmpty() && !closed) {
                        // a burst of changes (40 stalls in a second) becomes one write of each incident
                        wait(GATHER_MS);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                batch = new ArrayList<>(pending.values());
                pending.clear();
                writing = !batch.isEmpty();
                last = closed;
            }
            boolean ok = batch.isEmpty() || write(batch);
            if (ok && (last || System.nanoTime() - nextBeat >= 0)) {
                // this origin still watches its open incidents; on close, the last moment it watched them
                heartbeat();
                nextBeat = System.nanoTime() + heartbeatNanos;
            }
            synchronized (this) {
                writing = false;
                if (!ok) {
                    // a newer version recorded meanwhile wins; the failed ones are tried again
                    for (Incident i : batch) {
                        pending.putIfAbsent(i.id(), i);
                    }
                }
                notifyAll();
                if (!ok && !closed) {
                    try {
                        wait(RETRY_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else if (!ok || last && pending.isEmpty()) {
                    return;
                }
            }
        }
    }

    /** Touches this origin's open incidents ({@code updated_ms}): readers then know it still watches them. */
    void heartbeat() {
        Connection db = store.writer();
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement("UPDATE incident SET updated_ms = ? WHERE origin = ? AND end_ms IS NULL")) {
                ps.setLong(1, clock.millis());
                ps.setString(2, origin);
                ps.executeUpdate();
                db.commit();
            } catch (SQLException e) {
                failed(db, "cannot mark incidents as still watched in", e);
            }
        }
    }

    /** Rolls back a failed transaction and remembers why (logged once until a write succeeds again). */
    private void failed(Connection db, String what, SQLException e) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the retry reports it again
        }
        if (lastError == null) {
            LOG.warn("{} the history store {}: {}", what, store.location().display(), e.getMessage());
        }
        lastError = e.getMessage();
    }

    private boolean write(List<Incident> batch) {
        Connection db = store.writer();
        synchronized (db) {
            try {
                long now = clock.millis();
                for (Incident i : batch) {
                    write(db, i, now);
                }
                db.commit();
                written += batch.size();
                lastError = null;
                return true;
            } catch (SQLException e) {
                failed(db, "cannot write incidents to", e);
                return false;
            }
        }
    }

    private void write(Connection db, Incident i, long now) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO incident (origin, id, kind, kind_label, title, start_ms, end_ms,"
                + " members, active, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin, id) DO UPDATE SET"
                + " kind = excluded.kind, kind_label = excluded.kind_label, title = excluded.title, start_ms = excluded.start_ms,"
                + " end_ms = excluded.end_ms, members = excluded.members, active = excluded.active, updated_ms = excluded.updated_ms")) {
            ps.setString(1, origin);
            ps.setString(2, i.id());
            ps.setString(3, i.kind());
            ps.setString(4, i.kindLabel());
            ps.setString(5, i.title());
            ps.setLong(6, i.start().toEpochMilli());
            RecordColumns.number(ps, 7, HistoryStore.millis(i.end()));
            ps.setLong(8, i.size());
            ps.setLong(9, i.activeCount());
            ps.setLong(10, now);
            ps.executeUpdate();
        }
        for (String table : List.of("incident_member", "incident_evidence")) {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM " + table + " WHERE origin = ? AND incident = ?")) {
                ps.setString(1, origin);
                ps.setString(2, i.id());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO incident_member (origin, incident, ord, problem_key, kind, kind_label,"
                + " subject, account, function, start_ms, end_ms, reason, block_height, epoch_id, state_id, error, source, population)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int ord = 0;
            for (IncidentMember m : i.members()) {
                Problem p = m.problem();
                ps.setString(1, origin);
                ps.setString(2, i.id());
                ps.setInt(3, ord++);
                ps.setString(4, p.key());
                ps.setString(5, p.kind());
                ps.setString(6, p.kindLabel());
                ps.setString(7, p.subject());
                ps.setString(8, p.indexer() == null ? null : p.indexer().accountId());
                ps.setString(9, p.indexer() == null ? null : p.indexer().functionName());
                ps.setLong(10, p.start().toEpochMilli());
                RecordColumns.number(ps, 11, HistoryStore.millis(m.end()));
                ps.setString(12, p.reason());
                RecordColumns.number(ps, 13, p.blockHeight());
                RecordColumns.number(ps, 14, p.epochId());
                ps.setString(15, p.stateId());
                ps.setString(16, p.error());
                ps.setString(17, p.source());
                RecordColumns.number(ps, 18, p.population() == null ? null : p.population().longValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO incident_evidence (origin, incident, ord, line) VALUES (?, ?, ?, ?)")) {
            int ord = 0;
            for (String line : i.evidence()) {
                ps.setString(1, origin);
                ps.setString(2, i.id());
                ps.setInt(3, ord++);
                ps.setString(4, line);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Incidents written so far (each version counts). */
    public synchronized long written() {
        return written;
    }

    /** Writes what is pending and stops the writer thread. The store stays open (its owner closes it). */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private record Stored(String origin, Incident incident) {
    }

    private static final class Row {
        final String origin;
        final String id;
        final String kind;
        final String kindLabel;
        final String title;
        final Instant start;
        final Instant end;
        Instant observedUntil;
        final List<IncidentMember> members = new ArrayList<>();
        final List<String> evidence = new ArrayList<>();

        Row(String origin, String id, String kind, String kindLabel, String title, Instant start, Instant end) {
            this.origin = origin;
            this.id = id;
            this.kind = kind;
            this.kindLabel = kindLabel;
            this.title = title;
            this.start = start;
            this.end = end;
        }

        String key() {
            return origin + "\n" + id;
        }
    }
}
