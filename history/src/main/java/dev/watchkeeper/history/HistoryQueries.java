package dev.watchkeeper.history;

import dev.watchkeeper.history.HistoryEvent.EpochChange;
import dev.watchkeeper.history.HistoryEvent.Gap;
import dev.watchkeeper.history.HistoryEvent.SnapshotterChange;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of the history store: the fleet at a moment (the keyframe at or before it plus the changes
 * after it, at most one keyframe interval of them), one indexer's changes and commands, gaps.
 */
public final class HistoryQueries {

    /** How many epochs a rewound window shows (upstream keeps about 30). */
    static final int EPOCH_WINDOW = 30;

    private final HistoryStore store;
    private final Connection db;

    public HistoryQueries(HistoryStore store) {
        this(store, store.reader());
    }

    /** Reads through {@code db} (a test sees which statements a read prepares). */
    HistoryQueries(HistoryStore store, Connection db) {
        this.store = store;
        this.db = db;
    }

    /** One indexer's change: its whole observed state from {@code at} on. */
    public record IndexerEvent(Instant at, IndexerRecord record) {
    }

    /** A command as recorded. */
    public record CommandEvent(Instant at, AuditEntry entry) {
    }

    /** A keyframe: where a rewind starts reading. */
    record KeyframeRef(long id, long atMs, long lastSeq) {
    }

    /** The fleet as it was at {@code t}. */
    public FleetAt fleetAt(Instant t) {
        synchronized (db) {
            try {
                long ms = t.toEpochMilli();
                KeyframeRef kf = keyframeAtOrBefore(ms);
                Map<IndexerId, IndexerRecord> fleet = kf == null ? new HashMap<>() : keyframe(kf.id);
                int[] read = new int[1];
                applyChanges(fleet, kf == null ? 0 : kf.lastSeq, upperSeq(ms), ms, read);
                return complete(t, fleet, kf, read[0]);
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** The fleet at {@code t} as a {@link FleetStretch} to read a piece at a time (nothing is read yet but where it starts and ends). */
    public FleetStretch fleetRead(Instant t) {
        synchronized (db) {
            try {
                long ms = t.toEpochMilli();
                return new FleetStretch(store, db, keyframeAtOrBefore(ms), lastSeqAtOrBefore(ms), ms);
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /**
     * A position in history that moves, for scrubbing. It keeps the keyframe it started from and the
     * changes after it that it has read, in memory: a step forward reads only the changes in between
     * (across keyframes too), a step back within what it has read touches no disk. The stretches
     * before its start (each a keyframe and the changes from it to the next) can be read ahead a piece
     * at a time ({@link #readBehind}); a step back into them joins them to what the cursor holds
     * instead of reading a keyframe and its changes from the store. Only a step back past all that
     * starts again from the keyframe at or before the new moment.
     */
    public final class Cursor {
        /** Changes kept in memory at most; beyond them the fleet at the cursor becomes its new base. */
        private final int maxKept;
        /**
         * A checkpoint is kept every this many changes (at most twice as many: a move that ends less
         * than this many changes past the last one adds one where it ends), so a step back replays at
         * most that many (a few milliseconds). Not fewer: each stays in memory while the cursor lives
         * (when they were copies of the fleet, one per 2,048 changes, the collector spent over 100 ms
         * copying them in the middle of forward steps: profiled in the history benchmark).
         */
        private static final int CHECKPOINT = 16_384;

        /**
         * Going back, changes kept after where the cursor stands at most: a step forward again finds
         * them, and more would only hold the heap full (the benchmark's steps back, joining stretch
         * after stretch, filled it to 500,000 changes again, and the collector's mixed pauses grew).
         */
        private static final int KEPT_AFTER = 4 * CHECKPOINT;

        /**
         * The fleet after the first {@code index} kept changes: a whole one ({@code fleet}: the base, a
         * base before it, a keyframe's) or, as {@code latest}, the kept change that last changed each
         * indexer (by {@link ChangeLog#slot}; -1 or past its end: none) since the whole one before it.
         * (Copies of the fleet held a record per change for the collector to copy.)
         */
        private record Checkpoint(int index, Map<IndexerId, IndexerRecord> fleet, int[] latest) {
            static Checkpoint whole(int index, Map<IndexerId, IndexerRecord> fleet) {
                return new Checkpoint(index, fleet, null);
            }

            /** This one with {@code n} more changes before it (n < 0: fewer; a change then let go reads as none). */
            Checkpoint shifted(int n) {
                if (fleet != null) {
                    return whole(index + n, fleet);
                }
                int[] l = latest.clone();
                for (int k = 0; k < l.length; k++) {
                    l[k] = l[k] < 0 || l[k] + n < 0 ? -1 : l[k] + n;
                }
                return new Checkpoint(index + n, null, l);
            }
        }

        private Map<IndexerId, IndexerRecord> base;

        private KeyframeRef baseKeyframe;
        private long baseAtMs;
        /** The last change the base includes. */
        private long baseSeq;
        private final ChangeLog kept = new ChangeLog();
        /** By index; the first is the base (index 0). */
        private final List<Checkpoint> checkpoints = new ArrayList<>();
        private long keptSeq;
        private long keptUpToMs;
        private Map<IndexerId, IndexerRecord> current;
        /** For {@code current}: as {@link Checkpoint#latest}, since the last whole checkpoint at or before {@code applied}. */
        private int[] latestNow = new int[0];
        private int applied;
        private long atMs;
        /** The stretches before the base read ahead, the one next to it first; only the last may be read in part. */
        private final List<FleetStretch> behind = new ArrayList<>();
        /** No keyframe lies before the last of them: nothing more to read ahead. */
        private boolean nothingBehind;
        /** {@link #CHECKPOINT}, or fewer for a test. */
        private final int checkpointEvery;
        /** The fleet the last move handed out. */
        private Map<IndexerId, IndexerRecord> shown;
        /** The fleet the last move went on from and the indexers of the changes it applied; null when it did not only go on. */
        private Map<IndexerId, IndexerRecord> movedFrom;
        private List<IndexerId> movedOver;

        /**
         * The indexers whose record the last move changed (some maybe more than once) when it went
         * forward from {@code before}, the fleet the move before it handed out; else null (not known).
         * Valid until the next move: what differs between the two is found without comparing every indexer.
         */
        public List<IndexerId> changedSince(Map<IndexerId, IndexerRecord> before) {
            return before != null && before == movedFrom ? movedOver : null;
        }

        private Cursor(int maxKept, int checkpointEvery) {
            this.maxKept = maxKept;
            this.checkpointEvery = checkpointEvery;
        }

        public FleetAt moveTo(Instant t) {
            synchronized (db) {
                try {
                    long ms = t.toEpochMilli();
                    int before = applied;
                    boolean back = base != null && ms < atMs;
                    // a move on from the fleet handed out last, through kept changes only: which it applied is known
                    movedFrom = base != null && !back && !(kept.size() > maxKept) ? shown : null;
                    if (base != null && ms < baseAtMs && !behind.isEmpty() && ms >= behind.getLast().keyframe().atMs()) {
                        while (ms < baseAtMs) {
                            joinBehind();
                        }
                    }
                    if (base == null || ms < baseAtMs) {
                        restart(ms);
                        before = 0;
                    } else if (kept.size() > maxKept && ms >= atMs) {
                        rebase();
                        before = 0;
                    }
                    if (ms > keptUpToMs) {
                        readUpTo(ms);
                    }
                    if (ms < atMs) {
                        // back: from the last checkpoint at or before the moment
                        int p = checkpointAtOrBefore(changesUpTo(ms));
                        restore(p);
                        applied = checkpoints.get(p).index();
                        before = applied;
                    }
                    int cp = checkpointAtOrBefore(applied);
                    int end = changesUpTo(ms);
                    boolean replaced = false;
                    while (applied < kept.size() && kept.atMs(applied) <= ms) {
                        IndexerRecord r = kept.record(applied);
                        if (r == null) {
                            current.remove(kept.id(applied));
                        } else {
                            current.put(kept.id(applied), r);
                        }
                        note(kept.slot(applied), applied);
                        applied++;
                        if (cp + 1 < checkpoints.size() && checkpoints.get(cp + 1).index() == applied) {
                            cp++;
                            if (checkpoints.get(cp).fleet() != null) {
                                // a base joined before: the fleet its keyframe holds (after a recorded gap, not the replay)
                                restore(cp);
                                replaced = true;
                            }
                        } else if (applied - checkpoints.get(cp).index() >= checkpointEvery && end - applied >= checkpointEvery) {
                            checkpoints.add(++cp, new Checkpoint(applied, null, latestNow.clone()));
                        }
                    }
                    shown = Map.copyOf(current);
                    movedOver = movedFrom == null || replaced ? null : kept.ids(before, applied);
                    if (applied - checkpoints.get(cp).index() >= checkpointEvery) {
                        checkpoints.add(++cp, new Checkpoint(applied, null, latestNow.clone()));
                    }
                    if (back && kept.size() - applied > keptAfter()) {
                        letGoAfter(applied + keptAfter());
                    } else if (kept.size() > maxKept && applied < kept.size()) {
                        letGoAfter(Math.max(applied, maxKept));
                    }
                    atMs = ms;
                    return complete(t, shown, baseKeyframe, applied - before);
                } catch (SQLException e) {
                    throw store.failure("read", e);
                }
            }
        }

        /** The earliest moment it shows from memory; null before its first move or when it starts before any keyframe. */
        public Instant start() {
            return base == null || baseAtMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(baseAtMs);
        }

        /**
         * Reads at most {@code rows} rows of the stretches before its start, kept until a step back
         * moves into them, until they reach back to {@code reach}; returns false when there was nothing
         * (left) to read. A stretch can be short (a base moved where memory filled up lies anywhere
         * after its keyframe), so they are read as far back as steps back will soon go, not one.
         */
        public boolean readBehind(Instant reach, int rows) {
            synchronized (db) {
                if (start() == null) {
                    return false;
                }
                FleetStretch last = behind.isEmpty() ? null : behind.getLast();
                if (last != null && !last.complete()) {
                    last.readOn(rows);
                    return true;
                }
                long fromMs = last == null ? baseAtMs : last.keyframe().atMs();
                long fromSeq = last == null ? baseSeq : last.keyframe().lastSeq();
                if (nothingBehind || fromMs <= reach.toEpochMilli()) {
                    return false;
                }
                KeyframeRef before;
                try {
                    before = keyframeBefore(fromMs, fromSeq);
                } catch (SQLException e) {
                    throw store.failure("read", e);
                }
                if (before == null) {
                    nothingBehind = true;
                    return false;
                }
                behind.add(new FleetStretch(store, db, before, fromSeq, Long.MAX_VALUE));
                return true;
            }
        }

        /** The earliest moment it shows without reading the store (what is read ahead behind it included); null as {@link #start}. */
        public Instant heldFrom() {
            synchronized (db) {
                if (start() == null) {
                    return null;
                }
                long from = baseAtMs;
                for (FleetStretch b : behind) {
                    if (b.complete()) {
                        from = b.keyframe().atMs();
                    }
                }
                return Instant.ofEpochMilli(from);
            }
        }

        /** Receives a change the cursor holds: its moment, the indexer, its record then (null when it left). */
        public interface ChangeSink {
            void accept(long atMs, IndexerId id, IndexerRecord record);
        }

        /**
         * Hands {@code each} every change after {@code fromMs} up to {@code toMs} in the order the
         * cursor applies them, when it holds them all (they are after its base and read); else hands
         * nothing and returns false. A look over the stretch a step just moved into then need not read
         * it from the store a second time.
         */
        public boolean changes(long fromMs, long toMs, ChangeSink each) {
            if (base == null || fromMs < baseAtMs || toMs > keptUpToMs) {
                return false;
            }
            for (int i = changesUpTo(fromMs); i < kept.size() && kept.atMs(i) <= toMs; i++) {
                each.accept(kept.atMs(i), kept.id(i), kept.record(i));
            }
            return true;
        }

        /** Checkpoint {@code p}'s fleet becomes {@code current}. */
        private void restore(int p) {
            Checkpoint c = checkpoints.get(p);
            int whole = p;
            while (checkpoints.get(whole).fleet() == null) {
                whole--;
            }
            Map<IndexerId, IndexerRecord> was = current;
            current = new HashMap<>(checkpoints.get(whole).fleet());
            Arrays.fill(latestNow, -1);
            if (c.fleet() == null) {
                for (int slot = 0; slot < c.latest().length; slot++) {
                    int j = c.latest()[slot];
                    if (j >= 0) {
                        IndexerRecord r = kept.record(j);
                        if (r == null) {
                            current.remove(kept.id(j));
                        } else {
                            // the record shown before when equal: views skip a record they were handed before by identity
                            IndexerRecord w = was == null ? null : was.get(r.id());
                            current.put(kept.id(j), r.equals(w) ? w : r);
                        }
                        note(slot, j);
                    }
                }
            }
        }

        /** Change {@code index} is the last to change the indexer in place {@code slot} of {@code current}. */
        private void note(int slot, int index) {
            if (slot >= latestNow.length) {
                int had = latestNow.length;
                latestNow = Arrays.copyOf(latestNow, Math.max(slot + 1, Math.max(1024, 2 * had)));
                Arrays.fill(latestNow, had, latestNow.length, -1);
            }
            latestNow[slot] = index;
        }

        /** Memory is full: the fleet here becomes the new base (a step back before it reads the store again). */
        private void rebase() {
            if (applied > 0) {
                baseSeq = kept.seq(applied - 1);
            }
            base = new HashMap<>(current);
            baseAtMs = atMs;
            kept.removeFirst(applied);
            // what a later checkpoint took from a change let go is in the new base
            List<Checkpoint> later = checkpoints.stream().filter(c -> c.index() > applied).map(c -> c.shifted(-applied)).toList();
            checkpoints.clear();
            checkpoints.add(Checkpoint.whole(0, base));
            checkpoints.addAll(later);
            Arrays.fill(latestNow, -1);
            applied = 0;
            behind.clear();
            nothingBehind = false;
        }

        /** A step back into the stretches read ahead: the next one goes before what is held (read to its end first if it is not yet). */
        private void joinBehind() {
            FleetStretch s = behind.removeFirst();
            s.readOn(Integer.MAX_VALUE);
            int n = s.changes().size();
            kept.prepend(s.changes());
            // the base before stays whole: after a recorded gap its keyframe is not the replay of the stretch
            checkpoints.replaceAll(c -> c.shifted(n));
            checkpoints.addFirst(Checkpoint.whole(0, s.start()));
            for (int k = 0; k < latestNow.length; k++) {
                latestNow[k] = latestNow[k] < 0 ? -1 : latestNow[k] + n;
            }
            base = s.start();
            baseKeyframe = s.keyframe();
            baseAtMs = baseKeyframe.atMs();
            baseSeq = baseKeyframe.lastSeq();
            applied += n;
        }

        private int keptAfter() {
            return Math.min(KEPT_AFTER, maxKept / 2);
        }

        /** Going back: the changes from {@code n} on are let go (a step forward reads them again). */
        private void letGoAfter(int n) {
            keptUpToMs = kept.atMs(n) - 1;
            keptSeq = n == 0 ? baseSeq : kept.seq(n - 1);
            kept.truncate(n);
            checkpoints.removeIf(c -> c.index() > n);
        }

        private void restart(long ms) throws SQLException {
            baseKeyframe = keyframeAtOrBefore(ms);
            base = baseKeyframe == null ? new HashMap<>() : keyframe(baseKeyframe.id);
            baseAtMs = baseKeyframe == null ? Long.MIN_VALUE : baseKeyframe.atMs;
            baseSeq = baseKeyframe == null ? 0 : baseKeyframe.lastSeq;
            kept.clear();
            checkpoints.clear();
            checkpoints.add(Checkpoint.whole(0, base));
            Arrays.fill(latestNow, -1);
            keptSeq = baseSeq;
            keptUpToMs = baseAtMs;
            current = new HashMap<>(base);
            applied = 0;
            atMs = baseAtMs;
            behind.clear();
            nothingBehind = false;
        }

        /** How many kept changes are at or before {@code ms} (they are in time order). */
        private int changesUpTo(long ms) {
            int lo = 0;
            int hi = kept.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (kept.atMs(mid) <= ms) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The position in {@link #checkpoints} of the last one at or before change {@code index}. */
        private int checkpointAtOrBefore(int index) {
            int lo = 0;
            int hi = checkpoints.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (checkpoints.get(mid).index() <= index) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - 1;
        }

        private void readUpTo(long ms) throws SQLException {
            try (PreparedStatement ps = db.prepareStatement("SELECT seq, at_ms, indexer, present, " + RecordColumns.SELECTED
                    + " FROM indexer_event WHERE seq > ? AND seq <= ? AND +at_ms <= ? ORDER BY seq")) {
                ps.setLong(1, keptSeq);
                ps.setLong(2, lastSeqAtOrBefore(ms));
                ps.setLong(3, ms);
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long stored = rs.getLong(3);
                        keptSeq = rs.getLong(1);
                        kept.add(keptSeq, rs.getLong(2), store.nameOf(stored), store.slotOf(stored), rs.getInt(4) != 0, rs, 5);
                    }
                }
            }
            keptUpToMs = ms;
        }
    }

    public Cursor cursor() {
        return new Cursor(500_000, Cursor.CHECKPOINT);
    }

    /** A cursor that keeps at most {@code maxKept} changes in memory. */
    Cursor cursor(int maxKept) {
        return new Cursor(maxKept, Cursor.CHECKPOINT);
    }

    /** A cursor that keeps a checkpoint every {@code checkpointEvery} changes. */
    Cursor cursor(int maxKept, int checkpointEvery) {
        return new Cursor(maxKept, checkpointEvery);
    }

    private FleetAt complete(Instant t, Map<IndexerId, IndexerRecord> fleet, KeyframeRef kf, int read) throws SQLException {
        long ms = t.toEpochMilli();
        List<EpochChange> epochs = epochsAt(ms);
        SnapshotterChange snapshotter = snapshotterAt(ms);
        return new FleetAt(t, fleet, sourcesAt(ms), epochs, snapshotter, epochWindowAt(t, epochs, snapshotter), gapAt(ms), historyStart(),
                kf == null ? null : Instant.ofEpochMilli(kf.atMs), read);
    }

    private KeyframeRef keyframeAtOrBefore(long ms) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT id, at_ms, last_seq FROM keyframe WHERE at_ms <= ? ORDER BY at_ms DESC, id DESC LIMIT 1")) {
            ps.setLong(1, ms);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new KeyframeRef(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    /** The last keyframe at or before {@code ms} that includes fewer changes than up to {@code seq}, null when none. */
    private KeyframeRef keyframeBefore(long ms, long seq) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT id, at_ms, last_seq FROM keyframe WHERE at_ms <= ? AND last_seq < ? ORDER BY at_ms DESC, last_seq DESC LIMIT 1")) {
            ps.setLong(1, ms);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new KeyframeRef(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }

    /**
     * The last change at or before {@code ms} (times only grow with seq), found on the time index: a
     * step forward then reads exactly its changes instead of scanning on to the next keyframe.
     */
    private long lastSeqAtOrBefore(long ms) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT seq FROM indexer_event WHERE at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1")) {
            ps.setLong(1, ms);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** No change at or before {@code ms} comes after the next keyframe's last_seq (times only grow). */
    private long upperSeq(long ms) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT last_seq FROM keyframe WHERE at_ms > ? ORDER BY at_ms, id LIMIT 1")) {
            ps.setLong(1, ms);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
            }
        }
    }

    private Map<IndexerId, IndexerRecord> keyframe(long id) throws SQLException {
        Map<IndexerId, IndexerRecord> fleet = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT indexer, " + RecordColumns.SELECTED + " FROM keyframe_indexer WHERE keyframe = ?")) {
            ps.setLong(1, id);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    IndexerId name = store.nameOf(rs.getLong(1));
                    fleet.put(name, RecordColumns.read(rs, 2, name));
                }
            }
        }
        return fleet;
    }

    /** Applies changes with seq in (afterSeq, maxSeq] and time at or before {@code ms}; returns the last seq applied. */
    private long applyChanges(Map<IndexerId, IndexerRecord> fleet, long afterSeq, long maxSeq, long ms, int[] read) throws SQLException {
        // "+at_ms": walk the seq range (bounded by one keyframe interval), not the time index
        try (PreparedStatement ps = db.prepareStatement("SELECT seq, indexer, present, " + RecordColumns.SELECTED
                + " FROM indexer_event WHERE seq > ? AND seq <= ? AND +at_ms <= ? ORDER BY seq")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, maxSeq);
            ps.setLong(3, ms);
            ps.setFetchSize(5000);
            long last = afterSeq;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    IndexerId name = store.nameOf(rs.getLong(2));
                    if (rs.getInt(3) == 0) {
                        fleet.remove(name);
                    } else {
                        fleet.put(name, RecordColumns.read(rs, 4, name));
                    }
                    read[0]++;
                }
            }
            return last;
        }
    }

    private Map<Source, SourceStatus> sourcesAt(long ms) throws SQLException {
        Map<Source, SourceStatus> out = new EnumMap<>(Source.class);
        try (PreparedStatement ps = db.prepareStatement("SELECT state, since_ms, last_confirmed_ms, next_retry_ms, mode, message "
                + "FROM source_event WHERE source = ? AND at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1")) {
            for (Source s : Source.values()) {
                ps.setString(1, s.name());
                ps.setLong(2, ms);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        ConnectionState state = ConnectionState.valueOf(rs.getString(1));
                        out.put(s, new SourceStatus(s, state, instant(RecordColumns.number(rs, 2), ms),
                                instant(RecordColumns.number(rs, 3), null), instant(RecordColumns.number(rs, 4), null),
                                rs.getString(5), rs.getString(6)));
                    }
                }
            }
        }
        return out;
    }

    private List<EpochChange> epochsAt(long ms) throws SQLException {
        String ns;
        long newest;
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT namespace, epoch_id FROM epoch_event WHERE at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1")) {
            ps.setLong(1, ms);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                ns = rs.getString(1);
                newest = rs.getLong(2);
            }
        }
        // the pooler works on its newest epochs: the window lies near the last epoch that changed
        Map<Long, EpochChange> latest = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT at_ms, epoch_id, released_at_s, states FROM epoch_event "
                + "WHERE namespace = ? AND epoch_id > ? AND epoch_id <= ? AND at_ms <= ? ORDER BY epoch_id, at_ms, seq")) {
            ps.setString(1, ns);
            ps.setLong(2, newest - 2L * EPOCH_WINDOW);
            ps.setLong(3, newest + 2L * EPOCH_WINDOW);
            ps.setLong(4, ms);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(2);
                    latest.put(id, new EpochChange(rs.getLong(1), ns, id, RecordColumns.number(rs, 3), EpochStatesJson.read(rs.getString(4))));
                }
            }
        }
        return latest.values().stream().sorted(Comparator.comparingLong(EpochChange::epochId).reversed()).limit(EPOCH_WINDOW).toList();
    }

    /**
     * The epochs at {@code t} with their project updates, for the epoch timeline; null when the store
     * has no project updates for any of them (recorded before they were kept). Each epoch's stored
     * updates may be newer than {@code t}: per state, as many are kept as {@code epoch_event} counted
     * at {@code t}, the earliest by their timestamps.
     */
    private EpochWindow epochWindowAt(Instant t, List<EpochChange> epochs, SnapshotterChange snapshotter) throws SQLException {
        if (epochs.isEmpty()) {
            return null;
        }
        String ns = epochs.getFirst().namespace();
        long lo = epochs.stream().mapToLong(EpochChange::epochId).min().orElseThrow();
        long hi = epochs.stream().mapToLong(EpochChange::epochId).max().orElseThrow();
        Map<Long, Long> writtenAt = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT epoch_id, at_ms FROM epoch_projects WHERE namespace = ? AND epoch_id >= ? AND epoch_id <= ?")) {
            ps.setString(1, ns);
            ps.setLong(2, lo);
            ps.setLong(3, hi);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writtenAt.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        if (writtenAt.isEmpty()) {
            return null;
        }
        List<Epoch> out = new ArrayList<>(epochs.size());
        for (EpochChange c : epochs) {
            Long at = writtenAt.get(c.epochId());
            List<StateUpdate> updates = at == null ? List.of() : versionsAt(projects(ns, c.epochId(), at), t.toEpochMilli());
            out.add(asOf(c, updates, t));
        }
        return new EpochWindow(ns.isEmpty() ? null : ns, out, snapshotter == null ? null : snapshotter.active(),
                snapshotter == null ? null : snapshotter.lastEpochDetectedAtSecs(), t);
    }

    /**
     * The version of each stored update that was current at {@code ms}: of the versions replaced
     * after {@code ms}, the one replaced first; else the newest.
     */
    static List<StateUpdate> versionsAt(EpochProjectsCodec.Stored stored, long ms) {
        if (stored.replaced().isEmpty()) {
            return stored.current();
        }
        Map<String, HistoryEvent.Replaced> then = new HashMap<>();
        for (HistoryEvent.Replaced r : stored.replaced()) {
            if (r.replacedAtMs() > ms) {
                then.merge(r.update().stateId() + '\u0000' + r.update().projectId(), r,
                        (a, b) -> a.replacedAtMs() <= b.replacedAtMs() ? a : b);
            }
        }
        if (then.isEmpty()) {
            return stored.current();
        }
        List<StateUpdate> out = new ArrayList<>(stored.current().size());
        for (StateUpdate u : stored.current()) {
            HistoryEvent.Replaced earlier = then.get(u.stateId() + '\u0000' + u.projectId());
            out.add(earlier == null ? u : earlier.update());
        }
        return out;
    }

    private EpochProjectsCodec.Stored projects(String ns, long epochId, long writtenAtMs) throws SQLException {
        String key = ns + "|" + epochId + "|" + writtenAtMs;
        EpochProjectsCodec.Stored cached = store.decodedProjects.get(key);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT updates FROM epoch_projects WHERE namespace = ? AND epoch_id = ? AND at_ms = ?")) {
            ps.setString(1, ns);
            ps.setLong(2, epochId);
            ps.setLong(3, writtenAtMs);
            try (ResultSet rs = ps.executeQuery()) {
                // replaced since the first read: the next moment shown reads the new row
                EpochProjectsCodec.Stored updates = rs.next() ? EpochProjectsCodec.decode(rs.getBytes(1))
                        : new EpochProjectsCodec.Stored(List.of(), List.of());
                store.decodedProjects.put(key, updates);
                return updates;
            }
        }
    }

    /** Epoch {@code c} as counted at {@code t}: per state the earliest {@code count} updates; batch builds timestamped by {@code t}. */
    static Epoch asOf(EpochChange c, List<StateUpdate> updates, Instant t) {
        Map<String, List<StateUpdate>> byState = new HashMap<>();
        List<StateUpdate> batchBuilds = new ArrayList<>();
        long tSecs = t.getEpochSecond();
        for (StateUpdate u : updates) {
            if (dev.watchkeeper.model.epoch.ProjectIds.isBatchBuild(u.stateId(), u.projectId())) {
                if (u.timestamp() != null && u.timestamp() <= tSecs) {
                    batchBuilds.add(u);
                }
            } else if (c.states().containsKey(u.stateId())) {
                byState.computeIfAbsent(u.stateId(), k -> new ArrayList<>()).add(u);
            }
        }
        Map<String, List<StateUpdate>> states = new HashMap<>();
        c.states().forEach((state, count) -> {
            List<StateUpdate> in = byState.getOrDefault(state, List.of());
            if (in.size() > count) {
                in = in.stream().sorted(Comparator.comparing(StateUpdate::timestamp, Comparator.nullsLast(Comparator.naturalOrder())))
                        .limit(count).toList();
            }
            states.put(state, in);
        });
        return new Epoch(c.epochId(), c.releasedAtSecs(), states, batchBuilds);
    }

    private SnapshotterChange snapshotterAt(long ms) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT at_ms, namespace, active, last_detected_s FROM snapshotter_event "
                + "WHERE at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1")) {
            ps.setLong(1, ms);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Long active = RecordColumns.number(rs, 3);
                return new SnapshotterChange(rs.getLong(1), rs.getString(2), active == null ? null : active != 0, RecordColumns.number(rs, 4));
            }
        }
    }

    private Gap gapAt(long ms) throws SQLException {
        List<Gap> g = gaps(ms, ms);
        return g.isEmpty() ? null : g.getLast();
    }

    /** Recorded gaps overlapping [fromMs, toMs], oldest first. */
    public List<Gap> gaps(long fromMs, long toMs) {
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT from_ms, to_ms, reason FROM gap WHERE from_ms <= ? AND to_ms >= ? ORDER BY from_ms, id")) {
                ps.setLong(1, toMs);
                ps.setLong(2, fromMs);
                List<Gap> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Gap(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** The earliest moment a rewind can show: the oldest keyframe, else the first change; null when empty. */
    public Instant historyStart() {
        synchronized (db) {
            try (Statement st = db.createStatement()) {
                long kf = HistoryStore.single(st, "SELECT coalesce(min(at_ms), -1) FROM keyframe");
                long ev = HistoryStore.single(st, "SELECT coalesce(min(at_ms), -1) FROM indexer_event");
                if (kf < 0 && ev < 0) {
                    return null;
                }
                return Instant.ofEpochMilli(kf < 0 ? ev : ev < 0 ? kf : Math.min(kf, ev));
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** The last moment anything was committed (a recorder's last batch), null when empty. */
    public Instant lastRecorded() {
        synchronized (db) {
            try (Statement st = db.createStatement()) {
                long s = HistoryStore.single(st, "SELECT coalesce(max(last_commit_ms), -1) FROM recorder_session");
                long e = HistoryStore.single(st, "SELECT coalesce(max(at_ms), -1) FROM indexer_event");
                long m = Math.max(s, e);
                return m < 0 ? null : Instant.ofEpochMilli(m);
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** Row counts per table, for status lines and docs. */
    public Map<String, Long> counts() {
        synchronized (db) {
            Map<String, Long> out = new LinkedHashMap<>();
            try (Statement st = db.createStatement()) {
                for (String t : List.of("indexer", "indexer_event", "keyframe", "keyframe_indexer", "source_event", "epoch_event",
                        "epoch_projects", "command_event", "gap", "recorder_session")) {
                    out.put(t, HistoryStore.single(st, "SELECT count(*) FROM " + t));
                }
                return out;
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /**
     * One indexer's history: its state at {@code since} (null when the store had not seen it yet),
     * then each change after it up to {@code until}, oldest first, at most {@code limit}.
     */
    public List<IndexerEvent> indexerHistory(IndexerId id, Instant since, Instant until, int limit) {
        synchronized (db) {
            try {
                Long stored = store.storedId(id);
                if (stored == null) {
                    return List.of();
                }
                List<IndexerEvent> out = new ArrayList<>();
                IndexerRecord initial = stateAt(stored, id, since.toEpochMilli());
                if (initial != null) {
                    out.add(new IndexerEvent(since, initial));
                }
                try (PreparedStatement ps = db.prepareStatement("SELECT at_ms, present, " + RecordColumns.SELECTED + " FROM indexer_event "
                        + "WHERE indexer = ? AND at_ms > ? AND at_ms <= ? ORDER BY at_ms, seq LIMIT ?")) {
                    ps.setLong(1, stored);
                    ps.setLong(2, since.toEpochMilli());
                    ps.setLong(3, until.toEpochMilli());
                    ps.setInt(4, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            IndexerRecord r = rs.getInt(2) == 0 ? IndexerRecord.empty(id) : RecordColumns.read(rs, 3, id);
                            out.add(new IndexerEvent(Instant.ofEpochMilli(rs.getLong(1)), r));
                        }
                    }
                }
                return out;
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** The indexer's state at {@code ms}: its last change then, unless the keyframe at or before {@code ms} is newer. */
    private IndexerRecord stateAt(long stored, IndexerId id, long ms) throws SQLException {
        KeyframeRef kf = keyframeAtOrBefore(ms);
        try (PreparedStatement ps = db.prepareStatement("SELECT seq, present, " + RecordColumns.SELECTED + " FROM indexer_event "
                + "WHERE indexer = ? AND at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1")) {
            ps.setLong(1, stored);
            ps.setLong(2, ms);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && (kf == null || rs.getLong(1) > kf.lastSeq)) {
                    return rs.getInt(2) == 0 ? null : RecordColumns.read(rs, 3, id);
                }
            }
        }
        if (kf == null) {
            return null;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT " + RecordColumns.SELECTED + " FROM keyframe_indexer WHERE keyframe = ? AND indexer = ?")) {
            ps.setLong(1, kf.id);
            ps.setLong(2, stored);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? RecordColumns.read(rs, 1, id) : null;
            }
        }
    }

    /** Commands that named {@code id}, at or after {@code since}, oldest first. */
    public List<CommandEvent> commands(IndexerId id, Instant since, Instant until) {
        synchronized (db) {
            try {
                Long stored = store.storedId(id);
                if (stored == null) {
                    return List.of();
                }
                try (PreparedStatement ps = db.prepareStatement("SELECT c.at_ms, c.os_user, c.profile, c.command, c.targets, c.reason, "
                        + "c.outcome, c.detail FROM command_target t JOIN command_event c ON c.seq = t.command "
                        + "WHERE t.indexer = ? AND c.at_ms >= ? AND c.at_ms <= ? ORDER BY c.at_ms, c.seq")) {
                    ps.setLong(1, stored);
                    ps.setLong(2, since.toEpochMilli());
                    ps.setLong(3, until.toEpochMilli());
                    return WindowQueries.commandEvents(ps);
                }
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    /** The last command time recorded, or null: where importing the audit log resumes. */
    public Instant lastCommandAt() {
        synchronized (db) {
            try (Statement st = db.createStatement()) {
                long v = HistoryStore.single(st, "SELECT coalesce(max(at_ms), -1) FROM command_event");
                return v < 0 ? null : Instant.ofEpochMilli(v);
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    private static Instant instant(Long ms, Long fallback) {
        Long v = ms != null ? ms : fallback;
        return v == null ? null : Instant.ofEpochMilli(v);
    }
}
