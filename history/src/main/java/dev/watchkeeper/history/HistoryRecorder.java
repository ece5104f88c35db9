package dev.watchkeeper.history;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.history.HistoryEvent.Command;
import dev.watchkeeper.history.HistoryEvent.EpochChange;
import dev.watchkeeper.history.HistoryEvent.EpochProjects;
import dev.watchkeeper.history.HistoryEvent.Gap;
import dev.watchkeeper.history.HistoryEvent.IndexerChange;
import dev.watchkeeper.history.HistoryEvent.Keyframe;
import dev.watchkeeper.history.HistoryEvent.SnapshotterChange;
import dev.watchkeeper.history.HistoryEvent.SourceChange;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records what the connectors observe: a {@link ControlPlaneListener} that turns each event into the
 * changes it makes to the fleet and hands them to one writer thread through a bounded queue. The
 * listener threads never touch the disk; when the disk cannot keep up the queue fills, further
 * changes are dropped and counted ({@link #stats()}), and as soon as there is room again a gap and a
 * keyframe are written, so history is whole again from that moment and the loss is on record.
 * Every change gets a time from the recorder's clock, never earlier than the one before it.
 */
public final class HistoryRecorder implements ControlPlaneListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);
    private static final int MAX_BATCH = 20_000;
    private static final int EPOCHS_REMEMBERED = 200;

    private final HistoryStore store;
    private final RecorderSettings settings;
    private final Clock clock;
    private final BlockingQueue<HistoryEvent> queue;

    // everything below the lock: the fleet as observed, and what was last handed to the writer
    private final Object lock = new Object();
    private final FleetView view = new FleetView();
    private final Map<IndexerId, IndexerRecord> written = new HashMap<>();
    private final Map<IndexerId, Long> countersWrittenAt = new HashMap<>();
    private final Set<IndexerId> sampledOut = new HashSet<>();
    private final Map<Source, SourceStatus> sourcesWritten = new EnumMap<>(Source.class);
    private final Map<Source, SourceStatus> sourcesNow = new EnumMap<>(Source.class);
    private final Map<Source, Long> sourcesWrittenAt = new EnumMap<>(Source.class);
    private final TreeMap<Long, EpochChange> epochsWritten = new TreeMap<>();
    /** Each epoch in the pooler's window: its newest project updates, and whether they went to the store. */
    private final Map<Long, ProjectsSeen> epochProjects = new HashMap<>();
    private SnapshotterChange snapshotterWritten;
    private long lastAt = Long.MIN_VALUE;
    private long changesSinceKeyframe;
    private long lastKeyframeAt;
    private boolean keyframeNeeded = true;
    private boolean fullStateSeen;
    private long firstDropAt = -1;
    private long dropsSinceGap;

    /** Writer thread only: after the store refused a write, no keyframe is built before this time (ms), backing off. */
    private volatile long refusedUntil;
    private long refusalBackoffMs = FIRST_REFUSAL_BACKOFF_MS;
    private static final long FIRST_REFUSAL_BACKOFF_MS = 500;
    private static final long MAX_REFUSAL_BACKOFF_MS = 30_000;

    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Instant lastCommit;
    private volatile String lastError;
    private volatile boolean running;
    private Thread writer;
    private long session;
    private long lastRetention = Long.MIN_VALUE;

    public HistoryRecorder(HistoryStore store, RecorderSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    /**
     * Starts a session (recording the gap since the last one) and the writer thread. The fleet starts
     * as the store last saw it, so the first full snapshot records only what changed meanwhile.
     */
    public HistoryRecorder start() {
        long now = clock.millis();
        FleetAt last = new HistoryQueries(store).fleetAt(Instant.ofEpochMilli(now));
        session = store.beginSession(now);
        synchronized (lock) {
            view.load(last.indexers().values());
            written.putAll(last.indexers());
            last.indexers().keySet().forEach(id -> countersWrittenAt.put(id, now));
            lastKeyframeAt = now;
        }
        running = true;
        writer = new Thread(this::writeLoop, "watchkeeper-history-writer");
        writer.setDaemon(true);
        writer.start();
        return this;
    }

    public RecorderStats stats() {
        return new RecorderStats(recorded.get(), dropped.get(), queue.size(), lastCommit, lastError);
    }

    /** Each source's connection state as last reported, for a status line. */
    public Map<Source, SourceStatus> sources() {
        synchronized (lock) {
            return Map.copyOf(sourcesNow);
        }
    }

    /** Indexers in the fleet as observed now. */
    public int fleetSize() {
        synchronized (lock) {
            return view.size();
        }
    }

    public HistoryStore store() {
        return store;
    }

    // ---- listener side: never blocks on the disk ----------------------------------------------

    @Override
    public void onStates(StateBatch batch) {
        synchronized (lock) {
            long at = nextTime();
            indexerChanges(at, view.apply(batch));
            fullStateSeen |= batch.fullSnapshot();
            keyframeIfDue(at);
        }
    }

    @Override
    public void onHealth(HealthBatch batch) {
        synchronized (lock) {
            long at = nextTime();
            indexerChanges(at, view.apply(batch));
            keyframeIfDue(at);
        }
    }

    @Override
    public void onProgress(ProgressBatch batch) {
        synchronized (lock) {
            long at = nextTime();
            indexerChanges(at, view.apply(batch));
            keyframeIfDue(at);
        }
    }

    @Override
    public void onStatus(SourceStatus status) {
        synchronized (lock) {
            long at = nextTime();
            sourcesNow.put(status.source(), status);
            SourceStatus before = sourcesWritten.get(status.source());
            boolean changed = before == null || before.state() != status.state() || !Objects.equals(before.mode(), status.mode())
                    || !Objects.equals(before.message(), status.message()) || !Objects.equals(before.since(), status.since())
                    || !Objects.equals(before.nextRetry(), status.nextRetry());
            boolean confirmationDue = before != null && !Objects.equals(before.lastConfirmed(), status.lastConfirmed())
                    && at - sourcesWrittenAt.get(status.source()) >= settings.sampleInterval().toMillis();
            if (changed || confirmationDue) {
                sourcesWritten.put(status.source(), status);
                sourcesWrittenAt.put(status.source(), at);
                emit(new SourceChange(at, status));
            }
        }
    }

    /** How often an epoch's project updates are written while they keep changing (each write replaces the last). */
    static final long PROJECTS_EVERY_MS = 15_000;

    /** An epoch's newest project updates; {@code pending}: newer than what the store has. */
    private static final class ProjectsSeen {
        EpochProjects latest;
        /** The version of each (state, project) seen last, and the earlier ones it replaced. */
        final Map<String, dev.watchkeeper.model.epoch.StateUpdate> current = new HashMap<>();
        final List<HistoryEvent.Replaced> replaced = new ArrayList<>();
        /** When last handed to the writer; null: never. */
        Long writtenAt;
        boolean pending;
    }

    /**
     * Hands each epoch's project updates to the writer when they changed, at most every
     * {@link #PROJECTS_EVERY_MS} per epoch, and once more when the epoch leaves the window (its
     * final content). Call with the lock held.
     */
    private void recordProjects(long at, String namespace, EpochWindow window) {
        Set<Long> inWindow = new HashSet<>();
        for (Epoch e : window.epochs()) {
            inWindow.add(e.epochId());
            ProjectsSeen seen = epochProjects.computeIfAbsent(e.epochId(), k -> new ProjectsSeen());
            List<dev.watchkeeper.model.epoch.StateUpdate> updates = new ArrayList<>();
            e.states().values().forEach(updates::addAll);
            updates.addAll(e.batchBuilds());
            if (seen.latest == null || !seen.latest.updates().equals(updates) || !seen.latest.namespace().equals(namespace)
                    || !Objects.equals(seen.latest.releasedAtSecs(), e.releasedAt())) {
                noteReplaced(seen, updates, at);
                seen.latest = new EpochProjects(at, namespace, e.epochId(), e.releasedAt(), updates, seen.replaced);
                seen.pending = true;
            }
            if (seen.pending && (seen.writtenAt == null || at - seen.writtenAt >= PROJECTS_EVERY_MS)) {
                emitProjects(seen, at);
            }
        }
        for (java.util.Iterator<Map.Entry<Long, ProjectsSeen>> it = epochProjects.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, ProjectsSeen> e = it.next();
            if (!inWindow.contains(e.getKey())) {
                if (e.getValue().pending) {
                    emitProjects(e.getValue(), at);
                }
                it.remove();
            }
        }
    }

    /**
     * Keeps the version of each (state, project) that {@code updates} overwrites with another status,
     * timestamp, error or CID: the pooler rewrites a project's field in place when it retries.
     */
    private static void noteReplaced(ProjectsSeen seen, List<dev.watchkeeper.model.epoch.StateUpdate> updates, long at) {
        for (dev.watchkeeper.model.epoch.StateUpdate u : updates) {
            dev.watchkeeper.model.epoch.StateUpdate before = seen.current.put(u.stateId() + '\u0000' + u.projectId(), u);
            if (before != null && (before.status() != u.status() || !Objects.equals(before.timestamp(), u.timestamp())
                    || !Objects.equals(before.error(), u.error()) || !Objects.equals(before.snapshotCid(), u.snapshotCid()))) {
                seen.replaced.add(new HistoryEvent.Replaced(before, at));
            }
        }
    }

    private void emitProjects(ProjectsSeen seen, long at) {
        EpochProjects p = seen.latest;
        emit(new EpochProjects(at, p.namespace(), p.epochId(), p.releasedAtSecs(), p.updates(), p.replaced()));
        seen.writtenAt = at;
        seen.pending = false;
    }

    @Override
    public void onEpochs(EpochWindow window) {
        synchronized (lock) {
            long at = nextTime();
            // a profile without a snapshotter namespace reads epochs with none
            String namespace = window.namespace() == null ? "" : window.namespace();
            for (Epoch e : window.epochs()) {
                Map<String, Integer> counts = new TreeMap<>();
                e.states().forEach((state, updates) -> counts.put(state, updates.size()));
                EpochChange change = new EpochChange(at, namespace, e.epochId(), e.releasedAt(), counts);
                EpochChange before = epochsWritten.get(e.epochId());
                if (before == null || !before.states().equals(change.states()) || !Objects.equals(before.releasedAtSecs(), change.releasedAtSecs())
                        || !before.namespace().equals(change.namespace())) {
                    epochsWritten.put(e.epochId(), change);
                    emit(change);
                }
            }
            while (epochsWritten.size() > EPOCHS_REMEMBERED) {
                epochsWritten.pollFirstEntry();
            }
            recordProjects(at, namespace, window);
            SnapshotterChange s = new SnapshotterChange(at, namespace, window.active(), window.lastEpochDetectedAt());
            if (snapshotterWritten == null || !Objects.equals(snapshotterWritten.active(), s.active())
                    || !Objects.equals(snapshotterWritten.lastEpochDetectedAtSecs(), s.lastEpochDetectedAtSecs())
                    || !snapshotterWritten.namespace().equals(s.namespace())) {
                snapshotterWritten = s;
                emit(s);
            }
        }
    }

    /** A command and its outcome, as audited (the console and CLI audit before sending and when it ends). */
    public void onCommand(AuditEntry entry) {
        synchronized (lock) {
            emit(new Command(entry.time().toEpochMilli(), entry));
        }
    }

    private long nextTime() {
        lastAt = Math.max(lastAt, clock.millis());
        return lastAt;
    }

    private void indexerChanges(long at, List<IndexerRecord> changes) {
        long sample = settings.sampleInterval().toMillis();
        for (IndexerRecord r : changes) {
            IndexerRecord before = written.get(r.id());
            if (sample > 0 && before != null && r.present() && r.sameExceptCounters(before)
                    && at - countersWrittenAt.getOrDefault(r.id(), Long.MIN_VALUE) < sample) {
                sampledOut.add(r.id());
                continue;
            }
            write(at, r);
        }
    }

    private void write(long at, IndexerRecord r) {
        if (r.present()) {
            written.put(r.id(), r);
        } else {
            written.remove(r.id());
        }
        countersWrittenAt.put(r.id(), at);
        sampledOut.remove(r.id());
        changesSinceKeyframe++;
        emit(new IndexerChange(at, r));
    }

    /** Counters held back by sampling are written once their interval has passed, even when nothing else changes. */
    private void flushSampled(long at) {
        long sample = settings.sampleInterval().toMillis();
        for (IndexerId id : List.copyOf(sampledOut)) {
            if (at - countersWrittenAt.getOrDefault(id, Long.MIN_VALUE) >= sample) {
                IndexerRecord now = view.get(id);
                if (now == null || now.equals(written.get(id))) {
                    sampledOut.remove(id);
                } else {
                    write(at, now);
                }
            }
        }
    }

    private void keyframeIfDue(long at) {
        boolean due = (keyframeNeeded && (fullStateSeen || firstDropAt >= 0))
                || changesSinceKeyframe >= settings.keyframeEveryChanges()
                || (changesSinceKeyframe > 0 && at - lastKeyframeAt >= settings.keyframeInterval().toMillis());
        // a store that refuses writes (full disk) would refuse the keyframe too: building one per tick
        // would spin a core and never let the writer drain and stop
        if (!due || queue.remainingCapacity() < 2 || at < refusedUntil) {
            return;
        }
        if (firstDropAt >= 0) {
            queue.add(new Gap(firstDropAt, at, dropsSinceGap + " changes were dropped: the history store could not keep up"));
            firstDropAt = -1;
            dropsSinceGap = 0;
        }
        Map<IndexerId, IndexerRecord> fleet = view.snapshot();
        queue.add(new Keyframe(at, fleet.values()));
        written.clear();
        written.putAll(fleet);
        sampledOut.clear();
        changesSinceKeyframe = 0;
        lastKeyframeAt = at;
        keyframeNeeded = false;
    }

    private void emit(HistoryEvent e) {
        if (!queue.offer(e)) {
            lost(e.atMs(), 1);
        }
    }

    /** Counts lost events; the next keyframe restores the fleet and a gap records the loss. */
    private void lost(long at, long n) {
        dropped.addAndGet(n);
        dropsSinceGap += n;
        if (firstDropAt < 0) {
            firstDropAt = at;
        }
        keyframeNeeded = true;
    }

    // ---- writer side ---------------------------------------------------------------------------

    private void writeLoop() {
        List<HistoryEvent> batch = new ArrayList<>();
        while (true) {
            HistoryEvent first;
            try {
                first = queue.poll(settings.batchDelay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null && !running) {
                return;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
                batch.clear();
            }
            tick();
        }
    }

    private void commit(List<HistoryEvent> batch) {
        try {
            writeNow(batch);
        } catch (HistoryException e) {
            if (batch.size() == 1) {
                lose(batch, e);
                return;
            }
            // one event the store refuses must not take its whole batch with it: write them one by one,
            // unless the store refuses the first of them for the batch's own reason (a full disk, a
            // read-only or vanished directory): then every event would fail alike, so the batch is lost at once
            for (int i = 0; i < batch.size(); i++) {
                try {
                    writeNow(List.of(batch.get(i)));
                } catch (HistoryException single) {
                    if (i == 0 && Objects.equals(single.getMessage(), e.getMessage())) {
                        lose(batch, e);
                        return;
                    }
                    lose(List.of(batch.get(i)), single);
                }
            }
        }
    }

    /** Counts {@code events} as dropped (a gap follows once writes work again); logs each distinct failure once. */
    private void lose(List<HistoryEvent> events, HistoryException e) {
        if (!Objects.equals(lastError, e.getMessage())) {
            LOG.error("history: {} event(s) lost, the store refuses writes: {}", events.size(), e.getMessage());
        }
        lastError = e.getMessage();
        refusedUntil = clock.millis() + refusalBackoffMs;
        refusalBackoffMs = Math.min(MAX_REFUSAL_BACKOFF_MS, refusalBackoffMs * 2);
        synchronized (lock) {
            lost(events.getFirst().atMs(), events.size());
        }
    }

    private void writeNow(List<HistoryEvent> batch) {
        long now = clock.millis();
        store.write(batch, session, now, dropped.get());
        recorded.addAndGet(batch.size());
        lastCommit = Instant.ofEpochMilli(now);
        lastError = null;
        refusedUntil = 0;
        refusalBackoffMs = FIRST_REFUSAL_BACKOFF_MS;
    }

    private void tick() {
        synchronized (lock) {
            long at = nextTime();
            flushSampled(at);
            keyframeIfDue(at);
        }
        long now = clock.millis();
        if (now - lastRetention >= settings.retentionInterval().toMillis()) {
            lastRetention = now;
            try {
                Retention.Result r = new Retention(store, settings.maxAge(), settings.maxBytes()).apply(Instant.ofEpochMilli(now));
                if (r.changesRemoved() > 0 || r.keyframesRemoved() > 0) {
                    LOG.info("history retention removed {} changes and {} keyframes; history starts at {}",
                            r.changesRemoved(), r.keyframesRemoved(), r.historyStart());
                }
            } catch (HistoryException e) {
                lastError = e.getMessage();
                LOG.error("history retention failed: {}", e.getMessage());
            }
        }
    }

    /** Writes what is queued (and counters held back by sampling), ends the session and stops the writer; the store stays open. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        synchronized (lock) {
            long at = nextTime();
            List.copyOf(sampledOut).forEach(id -> {
                IndexerRecord now = view.get(id);
                if (now != null && !now.equals(written.get(id))) {
                    write(at, now);
                }
            });
            epochProjects.values().stream().filter(p -> p.pending).forEach(p -> emitProjects(p, at));
        }
        running = false;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.endSession(session, clock.millis(), dropped.get());
        } catch (HistoryException e) {
            // the end of the session is not on record (the disk is full, the directory gone): say so, do not fail the caller's shutdown
            lastError = e.getMessage();
            LOG.error("history: the end of the recording session could not be written: {}", e.getMessage());
        }
    }
}
