package dev.watchkeeper.app.history;

import dev.watchkeeper.history.FleetAt;
import dev.watchkeeper.history.HistoryEvent.EpochChange;
import dev.watchkeeper.history.HistoryEvent.Gap;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fleet at one moment as the store recorded it, in the form live data reaches the view models:
 * a full state snapshot, full block-streamer and runner listings and the progress readings, all
 * observed "at" that moment. Immutable; built off the FX thread.
 *
 * @param at           the moment shown
 * @param fleet        every indexer's record then ({@link #batches()} brings them as live data would)
 * @param changed      indexers whose lifecycle, enabled flag, health or presence differ from the frame before
 * @param epochs       the newest epochs' status then, newest first
 * @param epochWindow  the same epochs with their project updates, for the epoch timeline; null when
 *                     the store kept only their counts
 * @param sources      each source's connection then
 * @param gap          the recorded gap {@code at} falls in, or null
 * @param historyStart the earliest moment the store can show, null when it holds nothing
 * @param lastRecorded the last moment anything was committed, null when nothing was
 * @param lifecycleSince when indexers' current lifecycle began, for those whose transition the store saw
 * @param knownFrom      for a jump, since when the store knows the others were in their state (at least); null for a step
 * @param seq            this frame's number in its source
 * @param delta          what differs from the frame before it, null when there was none to compare with
 */
public record HistoryFrame(Instant at, Map<IndexerId, IndexerRecord> fleet, Set<IndexerId> changed, List<EpochChange> epochs,
                           dev.watchkeeper.model.epoch.EpochWindow epochWindow, Map<Source, SourceStatus> sources, Gap gap, Instant historyStart, Instant lastRecorded,
                           Map<IndexerId, Instant> lifecycleSince, Instant knownFrom, long seq, Delta delta) {

    /**
     * The batches that turn the fleet of frame {@code base} into this one's, holding only the
     * indexers whose record differs: a scrub step updates the rows that changed, not all of them.
     * {@code sinceChanged} names the indexers whose entry in {@link #lifecycleSince} differs from
     * frame {@code base}'s (null: not known).
     */
    public record Delta(long base, List<Object> batches, List<IndexerId> sinceChanged) {
    }

    public HistoryFrame {
        fleet = Collections.unmodifiableMap(fleet);
        changed = Set.copyOf(changed);
        epochs = List.copyOf(epochs);
        sources = Map.copyOf(sources);
        // the reader hands over a map it never changes again: 10,000 entries are not copied per frame
        lifecycleSince = Collections.unmodifiableMap(lifecycleSince);
    }

    /** The frame for {@code f}; {@code before} (null: none) is the fleet of the frame shown before it. */
    static HistoryFrame of(FleetAt f, Map<IndexerId, IndexerRecord> before, Instant lastRecorded, Map<IndexerId, Instant> since,
                           Instant knownFrom) {
        return of(f, f.epochWindow(), before, lastRecorded, since, knownFrom, 0, null, null, null);
    }

    /**
     * As above, with the epochs' window given (the frame before's instance when its epochs are the same),
     * numbered {@code seq}; {@code sent} (null: none) is the fleet of frame {@code seq - 1}, the delta's base, and
     * {@code sinceChanged} (null: not known) the indexers whose beginning differs from that frame's, and
     * {@code moved} (null: not known) those whose record may differ from {@code sent}'s (the others are the same).
     */
    static HistoryFrame of(FleetAt f, dev.watchkeeper.model.epoch.EpochWindow epochWindow, Map<IndexerId, IndexerRecord> before,
                           Instant lastRecorded, Map<IndexerId, Instant> since, Instant knownFrom, long seq, Map<IndexerId, IndexerRecord> sent,
                           List<IndexerId> sinceChanged, List<IndexerId> moved) {
        Instant at = f.at();
        Set<IndexerId> changed = new java.util.HashSet<>();
        if (before != null) {
            for (IndexerRecord r : f.indexers().values()) {
                if (!sameForTheEye(before.get(r.id()), r)) {
                    changed.add(r.id());
                }
            }
        }
        Delta delta = sent == null ? null : delta(sent, f.indexers(), moved, at, seq - 1, sinceChanged);
        return new HistoryFrame(at, f.indexers(), changed, f.epochs(), epochWindow, f.sources(), f.gap(), f.historyStart(), lastRecorded, since,
                knownFrom, seq, delta);
    }

    /**
     * The incremental batches from {@code from} to {@code to}, or null when only full ones say it:
     * an indexer came or went, entered or left Redis, or lost its stream or executor (incremental
     * batches cannot remove those). Each differing record brings only its parts that differ: the
     * others would be compared on the FX thread to find them unchanged.
     */
    static Delta delta(Map<IndexerId, IndexerRecord> from, Map<IndexerId, IndexerRecord> to, List<IndexerId> moved, Instant at, long base,
                       List<IndexerId> sinceChanged) {
        if (from.size() != to.size()) {
            return null;
        }
        List<IndexerState> states = new ArrayList<>();
        List<StreamStatus> streams = new ArrayList<>();
        List<ExecutorStatus> executors = new ArrayList<>();
        List<Progress> progress = new ArrayList<>();
        // only the indexers a step moved over can differ, when the reader says which they are
        Iterable<IndexerId> ids = moved != null ? moved : to.keySet();
        // an indexer changed twice is listed twice (the reader's names are one instance each: by identity)
        Set<IndexerId> seen = moved != null ? java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()) : null;
        for (IndexerId id : ids) {
            IndexerRecord r = to.get(id);
            IndexerRecord was = from.get(id);
            if (was == r || seen != null && !seen.add(id)) {
                continue; // the reader hands the same record while an indexer does not change
            }
            if (r == null || was == null || was.inRedis() != r.inRedis() || was.streamHealth() != null && r.streamHealth() == null
                    || was.executorHealth() != null && r.executorHealth() == null) {
                return null;
            }
            if (r.inRedis() && !sameState(was, r)) {
                states.add(r.state());
            }
            if (r.streamHealth() != null && (r.streamHealth() != was.streamHealth()
                    || !Objects.equals(r.streamUpdatedAtSecs(), was.streamUpdatedAtSecs()))) {
                streams.add(stream(r));
            }
            if (r.executorHealth() != null && r.executorHealth() != was.executorHealth()) {
                executors.add(executor(r));
            }
            if (hasProgress(r) && !(Objects.equals(r.lastPublishedBlock(), was.lastPublishedBlock())
                    && Objects.equals(r.queueDepth(), was.queueDepth()) && Objects.equals(r.progressProblem(), was.progressProblem()))) {
                progress.add(progress(r));
            }
        }
        return new Delta(base, List.of(StateBatch.changes(states, Set.of(), at),
                new HealthBatch(Source.BLOCK_STREAMER, streams, List.of(), false, at),
                new HealthBatch(Source.RUNNER, List.of(), executors, false, at),
                new ProgressBatch(progress, at)), sinceChanged);
    }

    /** Whether the two give the same {@link IndexerRecord#state()}. */
    private static boolean sameState(IndexerRecord a, IndexerRecord b) {
        return a.lifecycle() == b.lifecycle() && a.readability() == b.readability() && Objects.equals(a.enabled(), b.enabled())
                && Objects.equals(a.rawLifecycle(), b.rawLifecycle()) && Objects.equals(a.blockStreamSyncedAt(), b.blockStreamSyncedAt())
                && Objects.equals(a.stateProblem(), b.stateProblem());
    }

    /** The state, health and progress batches of the whole fleet, for {@code FleetViewModel.applyAll}. */
    public List<Object> batches() {
        return batchesOf(fleet.values(), at);
    }

    /** The fleet {@code records} as live data would bring it at {@code at}: full state snapshot and listings, and the progress readings. */
    static List<Object> batchesOf(java.util.Collection<IndexerRecord> records, Instant at) {
        List<IndexerState> states = new ArrayList<>();
        List<StreamStatus> streams = new ArrayList<>();
        List<ExecutorStatus> executors = new ArrayList<>();
        List<Progress> progress = new ArrayList<>();
        for (IndexerRecord r : records) {
            if (r.inRedis()) {
                states.add(r.state());
            }
            if (r.streamHealth() != null) {
                streams.add(stream(r));
            }
            if (r.executorHealth() != null) {
                executors.add(executor(r));
            }
            if (hasProgress(r)) {
                progress.add(progress(r));
            }
        }
        return List.of(StateBatch.full(states, at),
                new HealthBatch(Source.BLOCK_STREAMER, streams, List.of(), true, at),
                new HealthBatch(Source.RUNNER, List.of(), executors, true, at),
                new ProgressBatch(progress, at));
    }

    private static StreamStatus stream(IndexerRecord r) {
        return new StreamStatus(r.id(), "", 0, r.streamHealth(), r.streamUpdatedAtSecs() == null ? 0 : r.streamUpdatedAtSecs());
    }

    private static ExecutorStatus executor(IndexerRecord r) {
        return new ExecutorStatus(r.id(), "", 0, r.executorHealth());
    }

    private static boolean hasProgress(IndexerRecord r) {
        return r.lastPublishedBlock() != null || r.queueDepth() != null || r.progressProblem() != null;
    }

    private static Progress progress(IndexerRecord r) {
        return new Progress(r.id(), r.lastPublishedBlock(), r.queueDepth(), r.progressProblem());
    }

    /** Whether a reader of the table would see no difference but moving counters. */
    static boolean sameForTheEye(IndexerRecord a, IndexerRecord b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.lifecycle() == b.lifecycle() && Objects.equals(a.rawLifecycle(), b.rawLifecycle()) && Objects.equals(a.enabled(), b.enabled())
                && a.readability() == b.readability() && a.streamHealth() == b.streamHealth() && a.executorHealth() == b.executorHealth()
                && Objects.equals(a.stateProblem(), b.stateProblem()) && Objects.equals(a.progressProblem(), b.progressProblem());
    }

    /** The state batch (a full snapshot). */
    public StateBatch states() {
        return (StateBatch) batches().getFirst();
    }
}
