package dev.watchkeeper.history;

import dev.watchkeeper.history.HistoryEvent.EpochChange;
import dev.watchkeeper.history.HistoryEvent.Gap;
import dev.watchkeeper.history.HistoryEvent.SnapshotterChange;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet as the store says it was at one moment.
 *
 * @param at           the moment asked for
 * @param indexers     every indexer present then
 * @param sources      each source's last recorded connection state at or before {@code at}
 * @param epochs       the newest epochs' status then, newest first
 * @param snapshotter  the snapshotter's liveness then, null when never recorded
 * @param epochWindow  the epochs then with their project updates (for the epoch timeline), null when
 *                     the store kept no project updates for them
 * @param gap          the recorded gap {@code at} falls in (changes then may be missing), null when none
 * @param historyStart the earliest moment the store can show; null when it holds nothing
 * @param keyframeAt   the keyframe the state was built from, null when built from the first change on
 * @param changesRead  how many changes were applied on top of the keyframe
 */
public record FleetAt(Instant at, Map<IndexerId, IndexerRecord> indexers, Map<Source, SourceStatus> sources,
                      List<EpochChange> epochs, SnapshotterChange snapshotter, dev.watchkeeper.model.epoch.EpochWindow epochWindow,
                      Gap gap, Instant historyStart,
                      Instant keyframeAt, int changesRead) {

    public FleetAt {
        indexers = Map.copyOf(indexers);
        sources = Map.copyOf(sources);
        epochs = List.copyOf(epochs);
    }

    /** True when {@code at} is before anything the store holds (nothing recorded yet, or removed by retention). */
    public boolean beforeHistory() {
        return historyStart == null || at.isBefore(historyStart);
    }
}
