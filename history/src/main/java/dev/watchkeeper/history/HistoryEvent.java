package dev.watchkeeper.history;

import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.audit.AuditEntry;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the recorder hands the store, in the order it was observed. Times are UNIX milliseconds. */
public sealed interface HistoryEvent {

    long atMs();

    /** An indexer's new observed state ({@link IndexerRecord#present()} false: it left the fleet). */
    record IndexerChange(long atMs, IndexerRecord record) implements HistoryEvent {
    }

    /** A source's connection changed (or was confirmed again after a while). */
    record SourceChange(long atMs, SourceStatus status) implements HistoryEvent {
    }

    /** An epoch's processing status changed: pooler state ID to the number of project updates in it. */
    record EpochChange(long atMs, String namespace, long epochId, Long releasedAtSecs, Map<String, Integer> states) implements HistoryEvent {
        public EpochChange {
            states = Map.copyOf(states);
        }
    }

    /**
     * Every project update of an epoch as observed at {@code atMs} (the store keeps the newest per
     * epoch): what the rewound epoch timeline draws. {@code replaced} keeps the earlier versions of
     * updates the pooler overwrote in the same state (a failure, then a successful retry), each with
     * when the recorder saw it replaced, so a moment before that shows the version then current.
     */
    record EpochProjects(long atMs, String namespace, long epochId, Long releasedAtSecs,
                         List<dev.watchkeeper.model.epoch.StateUpdate> updates, List<Replaced> replaced) implements HistoryEvent {
        public EpochProjects {
            updates = List.copyOf(updates);
            replaced = List.copyOf(replaced);
        }

        public EpochProjects(long atMs, String namespace, long epochId, Long releasedAtSecs, List<dev.watchkeeper.model.epoch.StateUpdate> updates) {
            this(atMs, namespace, epochId, releasedAtSecs, updates, List.of());
        }
    }

    /** A version of a project's update in one state, current until {@code replacedAtMs}. */
    record Replaced(dev.watchkeeper.model.epoch.StateUpdate update, long replacedAtMs) {
    }

    /** The snapshotter's liveness keys changed. */
    record SnapshotterChange(long atMs, String namespace, Boolean active, Long lastEpochDetectedAtSecs) implements HistoryEvent {
    }

    /** A command, as its audit entry says (one per outcome: SENDING, then how it ended). */
    record Command(long atMs, AuditEntry entry) implements HistoryEvent {
    }

    /** The whole fleet at this moment, covering every change handed over before it. */
    record Keyframe(long atMs, Collection<IndexerRecord> fleet) implements HistoryEvent {
        public Keyframe {
            fleet = List.copyOf(fleet);
        }
    }

    /** A stretch of time whose changes are (partly) missing, and why. */
    record Gap(long fromMs, long toMs, String reason) implements HistoryEvent {
        @Override
        public long atMs() {
            return toMs;
        }
    }
}
