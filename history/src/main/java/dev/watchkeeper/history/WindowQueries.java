package dev.watchkeeper.history;

import dev.watchkeeper.history.HistoryQueries.CommandEvent;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.audit.AuditEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of a stretch of time across the whole fleet (the console's "what changed between T1 and
 * T2"), and whether another recorder is writing the store now. Read-only, on the store's reading
 * connection, so it never waits for the writer.
 */
public final class WindowQueries {

    private final HistoryStore store;
    private final Connection db;

    public WindowQueries(HistoryStore store) {
        this.store = store;
        this.db = store.reader();
    }

    /**
     * One indexer's change in the window: its recorded state before (null when it was not in the
     * fleet) and after (null when it left the fleet).
     */
    public record Change(Instant at, IndexerId id, IndexerRecord before, IndexerRecord after) {
    }

    /**
     * The changes of every indexer after {@code from} up to {@code to}, oldest first, at most
     * {@code limit} (the fleet at {@code from} gives each indexer's first "before").
     */
    public List<Change> changes(Instant from, Instant to, int limit) {
        FleetAt start = new HistoryQueries(store).fleetAt(from);
        Map<IndexerId, IndexerRecord> current = new HashMap<>(start.indexers());
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement("SELECT at_ms, indexer, present, " + RecordColumns.SELECTED
                    + " FROM indexer_event WHERE at_ms > ? AND at_ms <= ? ORDER BY at_ms, seq LIMIT ?")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                ps.setInt(3, limit);
                List<Change> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        IndexerId id = store.nameOf(rs.getLong(2));
                        IndexerRecord after = rs.getInt(3) == 0 ? null : RecordColumns.read(rs, 4, id);
                        IndexerRecord before = after == null ? current.remove(id) : current.put(id, after);
                        out.add(new Change(Instant.ofEpochMilli(rs.getLong(1)), id, before, after));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /**
     * When each indexer's lifecycle last changed after {@code from} up to {@code to}, as recorded:
     * where it began if the store saw the transition (joining the fleet counts). {@code base} is the
     * fleet at {@code from}, or null when the store did not know it then (before its history): an
     * indexer's first change in the window then only says what its lifecycle was, not when it began.
     */
    public Map<IndexerId, Instant> lifecycleChanges(Instant from, Instant to, Map<IndexerId, IndexerRecord> base) {
        Map<IndexerId, Instant> out = new HashMap<>();
        for (Beginning b : lifecycleBeginnings(from, to, lifecycles(base), base != null)) {
            out.put(b.id(), b.at());
        }
        return out;
    }

    /** A lifecycle beginning as the store recorded it. */
    public record Beginning(Instant at, IndexerId id) {
    }

    /** Each indexer's lifecycle key ("lifecycle/raw"; null: not in Redis) in {@code fleet}; empty for null. */
    public static Map<IndexerId, String> lifecycles(Map<IndexerId, IndexerRecord> fleet) {
        Map<IndexerId, String> out = new HashMap<>();
        if (fleet != null) {
            fleet.forEach((id, r) -> out.put(id, key(r)));
        }
        return out;
    }

    /**
     * Every lifecycle beginning after {@code from} up to {@code to}, oldest first. {@code lifecycle}
     * holds each indexer's lifecycle key at {@code from} and is left holding them at {@code to}
     * (so a following span can go on from it); {@code baseKnown} false: the fleet at {@code from}
     * was not known, so an indexer's first event only says what its lifecycle was.
     */
    public List<Beginning> lifecycleBeginnings(Instant from, Instant to, Map<IndexerId, String> lifecycle, boolean baseKnown) {
        List<Beginning> out = new ArrayList<>();
        synchronized (db) {
            // the key as key() spells it, built by SQLite: one text column per row instead of three (a scrub step reads thousands)
            try (PreparedStatement ps = db.prepareStatement("SELECT at_ms, indexer, CASE WHEN present = 0 OR readability IS NULL THEN NULL "
                    + "ELSE coalesce(lifecycle, 'null') || '/' || coalesce(raw_lifecycle, 'null') END "
                    + "FROM indexer_event WHERE at_ms > ? AND at_ms <= ? ORDER BY at_ms, seq")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        IndexerId id = store.nameOf(rs.getLong(2));
                        String now = canonical(rs.getString(3));
                        // without the fleet before the window, only a change between two seen lifecycles is a beginning
                        boolean known = baseKnown || lifecycle.get(id) != null;
                        String before = lifecycle.put(id, now);
                        if (known && now != null && !now.equals(before)) {
                            out.add(new Beginning(Instant.ofEpochMilli(rs.getLong(1)), id));
                        }
                    }
                }
                return out;
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** The indexer's lifecycle key in {@code r} as {@link #lifecycleBeginnings} compares them ("lifecycle/raw"; null: not in Redis). */
    public static String lifecycleKey(IndexerRecord r) {
        return key(r);
    }

    /** Whether {@code key} is {@link #lifecycleKey}{@code (r)}, compared in place: a scrub step asks it of thousands of changes. */
    public static boolean isLifecycleKey(String key, IndexerRecord r) {
        if (r == null || !r.inRedis() || key == null) {
            return key == null && (r == null || !r.inRedis());
        }
        String lifecycle = String.valueOf(r.lifecycle());
        String raw = String.valueOf(r.rawLifecycle());
        return key.length() == lifecycle.length() + 1 + raw.length() && key.startsWith(lifecycle) && key.charAt(lifecycle.length()) == '/'
                && key.endsWith(raw);
    }

    private static String key(IndexerRecord r) {
        if (r == null || !r.inRedis()) {
            return null;
        }
        // found by its parts, so that a held key costs no string to find it
        Map<String, String> byRaw = KEYS_BY_LIFECYCLE.get(r.lifecycle() == null ? 0 : r.lifecycle().ordinal() + 1);
        String raw = String.valueOf(r.rawLifecycle());
        String key = byRaw.get(raw);
        if (key == null) {
            key = canonical(r.lifecycle() + "/" + raw);
            if (KEYS.size() < MAX_KEYS) {
                byRaw.putIfAbsent(raw, key);
            }
        }
        return key;
    }

    /** The held keys by lifecycle (null first, then by ordinal) and raw lifecycle ("null" for none, as the key spells it). */
    private static final List<Map<String, String>> KEYS_BY_LIFECYCLE = java.util.stream.Stream
            .<Map<String, String>>generate(java.util.concurrent.ConcurrentHashMap::new).limit(dev.watchkeeper.model.LifecycleState.values().length + 1L)
            .toList();

    /** Keys met so far, each held once: spans keep a key per indexer and change, and there are only a few distinct ones. */
    private static final Map<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Distinct keys held at most (raw lifecycles are whatever Redis holds). */
    private static final int MAX_KEYS = 4096;

    /** The one instance of {@code key} held, or {@code key} itself once too many are. */
    private static String canonical(String key) {
        if (key == null) {
            return null;
        }
        String held = KEYS.get(key);
        if (held != null) {
            return held;
        }
        if (KEYS.size() >= MAX_KEYS) {
            return key;
        }
        held = KEYS.putIfAbsent(key, key);
        return held == null ? key : held;
    }

    /** Every command recorded after {@code from} up to {@code to}, oldest first, at most {@code limit}. */
    public List<CommandEvent> commands(Instant from, Instant to, int limit) {
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement("SELECT at_ms, os_user, profile, command, targets, reason, outcome, detail "
                    + "FROM command_event WHERE at_ms > ? AND at_ms <= ? ORDER BY at_ms, seq LIMIT ?")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                ps.setInt(3, limit);
                return commandEvents(ps);
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** The command rows a query selects (at_ms, os_user, profile, command, targets, reason, outcome, detail), in order. */
    static List<CommandEvent> commandEvents(PreparedStatement ps) throws SQLException {
        List<CommandEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant at = Instant.ofEpochMilli(rs.getLong(1));
                out.add(new CommandEvent(at, new AuditEntry(at, rs.getString(2), rs.getString(3), rs.getString(4),
                        Arrays.asList(rs.getString(5).split("\n")), rs.getString(6), rs.getString(7), rs.getString(8), "")));
            }
        }
        return out;
    }

    /**
     * Where another recorder is writing this store now: its host and process, or null when none is
     * (a session not closed whose last batch is older than a minute was killed, not live).
     */
    public String liveRecorder(Instant now) {
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement("SELECT host, pid FROM recorder_session "
                    + "WHERE ended_ms IS NULL AND last_commit_ms >= ? ORDER BY id DESC LIMIT 1")) {
                ps.setLong(1, now.toEpochMilli() - HistoryStore.LIVE_SESSION_MS);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) + " (pid " + rs.getLong(2) + ")" : null;
                }
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }
}
