package dev.watchkeeper.history;

import dev.watchkeeper.history.HistoryQueries.KeyframeRef;
import dev.watchkeeper.model.IndexerId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The fleet at a keyframe and the changes after it up to a bound, read a piece of so many rows at
 * a time: a reader thread reads it ahead between requests, and a request that comes meanwhile
 * waits for one piece, not for a keyframe of 10,000 rows and 20,000 changes.
 */
public final class FleetStretch {

    private final HistoryStore store;
    private final Connection db;
    /** Null: none, the fleet starts empty. */
    private final KeyframeRef keyframe;
    private final long toSeq;
    private final long toMs;
    private final Map<IndexerId, IndexerRecord> start = new HashMap<>();
    private final ChangeLog changes = new ChangeLog();
    private long afterIndexer = Long.MIN_VALUE;
    private boolean keyframeRead;
    private long afterSeq;
    private boolean complete;

    FleetStretch(HistoryStore store, Connection db, KeyframeRef keyframe, long toSeq, long toMs) {
        this.store = store;
        this.db = db;
        this.keyframe = keyframe;
        this.toSeq = toSeq;
        this.toMs = toMs;
        this.keyframeRead = keyframe == null;
        this.afterSeq = keyframe == null ? 0 : keyframe.lastSeq();
    }

    /** Reads at most {@code rows} more rows (the keyframe's first, then the changes); returns whether all is read. */
    public boolean readOn(int rows) {
        synchronized (db) {
            try {
                int left = rows;
                if (!keyframeRead) {
                    left -= readKeyframe(left);
                }
                if (keyframeRead && left > 0 && !complete) {
                    readChanges(left);
                }
                return complete;
            } catch (SQLException e) {
                throw store.failure("read", e);
            }
        }
    }

    public boolean complete() {
        return complete;
    }

    /** Where it starts, null when at no keyframe (the fleet starts empty). */
    KeyframeRef keyframe() {
        return keyframe;
    }

    /** The fleet at the keyframe (what is read of it). */
    Map<IndexerId, IndexerRecord> start() {
        return start;
    }

    /** The changes after the keyframe read so far, in seq order. */
    ChangeLog changes() {
        return changes;
    }

    /** The fleet at the stretch's end, read to the end first. */
    public Map<IndexerId, IndexerRecord> fleet() {
        readOn(Integer.MAX_VALUE);
        Map<IndexerId, IndexerRecord> fleet = new HashMap<>(start);
        for (int i = 0; i < changes.size(); i++) {
            IndexerRecord r = changes.record(i);
            if (r == null) {
                fleet.remove(changes.id(i));
            } else {
                fleet.put(changes.id(i), r);
            }
        }
        return fleet;
    }

    private int readKeyframe(int rows) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT indexer, " + RecordColumns.SELECTED
                + " FROM keyframe_indexer WHERE keyframe = ? AND indexer > ? ORDER BY indexer LIMIT ?")) {
            ps.setLong(1, keyframe.id());
            ps.setLong(2, afterIndexer);
            ps.setInt(3, rows);
            ps.setFetchSize(Math.min(rows, 5000));
            int read = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    afterIndexer = rs.getLong(1);
                    IndexerId name = store.nameOf(afterIndexer);
                    start.put(name, RecordColumns.read(rs, 2, name));
                    read++;
                }
            }
            keyframeRead = read < rows;
            return read;
        }
    }

    private void readChanges(int rows) throws SQLException {
        // "+at_ms": walk the seq range, not the time index (as fleetAt does)
        try (PreparedStatement ps = db.prepareStatement("SELECT seq, at_ms, indexer, present, " + RecordColumns.SELECTED
                + " FROM indexer_event WHERE seq > ? AND seq <= ? AND +at_ms <= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, toSeq);
            ps.setLong(3, toMs);
            ps.setInt(4, rows);
            ps.setFetchSize(Math.min(rows, 5000));
            int read = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long stored = rs.getLong(3);
                    IndexerId name = store.nameOf(stored);
                    afterSeq = rs.getLong(1);
                    changes.add(afterSeq, rs.getLong(2), name, store.slotOf(stored), rs.getInt(4) != 0, rs, 5);
                    read++;
                }
            }
            complete = read < rows;
        }
    }
}
