package dev.watchkeeper.app.detail;

import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.HealthListing;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamStatus;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the console has seen of each indexer over time, fed the same batches as the fleet (on the
 * FX thread). Bounded by design, however large the fleet and however fast it changes: every
 * indexer keeps at most its last {@value #MAX_TRANSITIONS} lifecycle transitions and
 * {@value #MAX_HEALTH_CHANGES} health changes, and all indexers together at most
 * {@value #MAX_TRANSITIONS_HELD} transitions and {@value #MAX_HEALTH_CHANGES_HELD} health changes
 * besides each one's latest (older ones are the history store's, {@link CappedLogs}). A transition
 * holds the state without its raw JSON: the raw value is kept once per indexer, for the latest
 * state. Each indexer also has a coarse progress ring (one sample per 30 s, 10 minutes, ~500
 * bytes); indexers open in a detail view are tracked at one sample per second for 10 minutes.
 */
public final class DetailHistory {

    public static final int MAX_TRANSITIONS = 200;
    public static final int MAX_HEALTH_CHANGES = 100;
    /** About 8 MB of transitions: 10 for each of 10,000 indexers, or all 200 for 500 busy ones. */
    public static final int MAX_TRANSITIONS_HELD = 100_000;
    public static final int MAX_HEALTH_CHANGES_HELD = 100_000;
    static final int COARSE_CAPACITY = 21;
    static final long COARSE_SPACING_MS = 30_000;
    static final int FINE_CAPACITY = 601;
    static final long FINE_SPACING_MS = 1_000;

    private static final class Entry {
        /** The one id object this indexer's transitions share (each parsed state brings its own). */
        final IndexerId id;
        IndexerState state;
        Instant lastSeen;
        final CappedLogs.Log<Transition> transitions = new CappedLogs.Log<>();
        StreamStatus stream;
        ExecutorStatus executor;
        final CappedLogs.Log<HealthChange> health = new CappedLogs.Log<>();
        Progress progress;
        /** The last health listing that named this indexer (a number from {@link #listings}). */
        long listed;
        SampleRing samples = new SampleRing(COARSE_CAPACITY, COARSE_SPACING_MS);
        /** Progress the history store recorded before the samples above, oldest first (at most {@link #STORED_SAMPLES}). */
        List<ProgressSample> stored = List.of();
        boolean removed;

        Entry(IndexerId id) {
            this.id = id;
        }
    }

    private final CappedLogs<Transition> transitionLogs;
    private final CappedLogs<HealthChange> healthLogs;

    public DetailHistory() {
        this(MAX_TRANSITIONS_HELD, MAX_HEALTH_CHANGES_HELD);
    }

    /** With other global caps than the console's (tests). */
    DetailHistory(int transitionsHeld, int healthChangesHeld) {
        transitionLogs = new CappedLogs<>(MAX_TRANSITIONS, transitionsHeld);
        healthLogs = new CappedLogs<>(MAX_HEALTH_CHANGES, healthChangesHeld);
    }

    private final Map<IndexerId, Entry> entries = new HashMap<>();
    private final Map<IndexerId, Integer> tracked = new HashMap<>();
    private final Map<IndexerId, List<Runnable>> listeners = new HashMap<>();
    /** Health listings applied so far: marks which entries the current one named. */
    private long listings;
    /** By source, the number of the {@link HealthListing} applied last, 0 when something else of that source was applied since. */
    private final Map<Source, Long> listingApplied = new java.util.EnumMap<>(Source.class);
    /** The block streamer's newest compared listing (empty after a listing applied otherwise). */
    private Map<IndexerId, StreamStatus> latestStreams = Map.of();

    /** Where recorded gaps in a history store began: a state's time in it stops there (what followed is unknown). */
    private final java.util.TreeSet<Instant> recordingStopped = new java.util.TreeSet<>();

    /** Adds moments where a history store's recorded gaps began (a backfill's or a rewound detail's store). */
    public void recordingStopped(java.util.Collection<Instant> at) {
        recordingStopped.addAll(at);
    }

    /** Where recorded gaps began, oldest first. */
    public List<Instant> recordingStopped() {
        return List.copyOf(recordingStopped);
    }

    /** Applies a pulse's batches in order; anything but state, health and progress batches is ignored. */
    public void acceptAll(List<?> batches) {
        for (Object b : batches) {
            switch (b) {
                case StateBatch s -> accept(s);
                case HealthBatch h -> accept(h);
                case HealthListing l -> accept(l);
                case ProgressBatch p -> accept(p);
                default -> {
                }
            }
        }
    }

    public void accept(StateBatch batch) {
        Set<IndexerId> changed = changedSet();
        Instant at = batch.observedAt();
        if (batch.fullSnapshot() && !entries.isEmpty()) {
            Set<IndexerId> present = new HashSet<>();
            batch.upserts().forEach(s -> present.add(s.id()));
            for (Map.Entry<IndexerId, Entry> e : entries.entrySet()) {
                if (!present.contains(e.getKey()) && !e.getValue().removed) {
                    e.getValue().removed = true;
                    changed.add(e.getKey());
                }
            }
        }
        for (IndexerId gone : batch.removed()) {
            Entry e = entries.get(gone);
            if (e != null && !e.removed) {
                e.removed = true;
                changed.add(gone);
            }
        }
        for (IndexerState s : batch.upserts()) {
            Entry e = entries.computeIfAbsent(s.id(), Entry::new);
            e.lastSeen = at;
            e.removed = false;
            IndexerState prev = e.state;
            if (prev == null || prev.lifecycle() != s.lifecycle() || !java.util.Objects.equals(prev.rawLifecycle(), s.rawLifecycle())) {
                transitionLogs.push(e.transitions, new Transition(at, withoutRawJson(s, e.id), prev == null));
            }
            if (!s.equals(prev)) {
                e.state = s;
                changed.add(s.id());
            }
        }
        notify(changed);
    }

    /**
     * A full listing compared off the FX thread ({@link dev.watchkeeper.model.HealthListings}): when
     * it was compared with the listing applied last, only what it changed is applied, and the
     * streams whose updated_at alone moved are read from it ({@link #stream}); otherwise whole.
     */
    public void accept(HealthListing l) {
        boolean follows = l.previous() != 0 && l.previous() == listingApplied.getOrDefault(l.source(), 0L);
        if (!follows) {
            accept(l.batch());
        }
        listingApplied.put(l.source(), l.seq());
        boolean isStreams = l.source() == Source.BLOCK_STREAMER;
        if (isStreams) {
            latestStreams = l.streams();
        }
        if (!follows) {
            return;
        }
        Set<IndexerId> changed = changedSet();
        Instant at = l.batch().observedAt();
        for (IndexerId id : l.changed()) {
            Object now = isStreams ? l.streams().get(id) : l.executors().get(id);
            Entry e = now == null ? entries.get(id) : entries.computeIfAbsent(id, Entry::new);
            if (e == null) {
                continue;
            }
            if (isStreams) {
                StreamStatus s = (StreamStatus) now;
                String before = e.stream == null ? null : e.stream.health().name();
                String after = s == null ? null : s.health().name();
                e.stream = s;
                if (!java.util.Objects.equals(before, after)) {
                    healthLogs.push(e.health, new HealthChange(at, Source.BLOCK_STREAMER, after == null ? "no stream" : after));
                    changed.add(id);
                }
            } else {
                ExecutorStatus x = (ExecutorStatus) now;
                String before = e.executor == null ? null : e.executor.health().name();
                String after = x == null ? null : x.health().name();
                e.executor = x;
                if (!java.util.Objects.equals(before, after)) {
                    healthLogs.push(e.health, new HealthChange(at, Source.RUNNER, after == null ? "no executor" : after));
                    changed.add(id);
                }
            }
        }
        if (isStreams) {
            // a watched indexer's detail shows its stream's updated_at
            for (IndexerId id : listeners.keySet()) {
                if (l.changed().contains(id) || l.timeOnly().contains(id)) {
                    changed.add(id);
                }
            }
        }
        notify(changed);
    }

    public void accept(HealthBatch batch) {
        // Only indexers someone watches are notified; the listings name every stream and executor
        // of the fleet every few seconds, so no per-indexer set is built for the rest.
        listingApplied.put(batch.source(), 0L);
        if (batch.source() == Source.BLOCK_STREAMER) {
            latestStreams = Map.of();
        }
        Set<IndexerId> changed = changedSet();
        Instant at = batch.observedAt();
        long listing = ++listings;
        if (batch.source() == Source.BLOCK_STREAMER) {
            for (StreamStatus s : batch.streams()) {
                Entry e = entries.computeIfAbsent(s.id(), Entry::new);
                e.listed = listing;
                String before = e.stream == null ? null : e.stream.health().name();
                e.stream = s;
                if (!s.health().name().equals(before)) {
                    healthLogs.push(e.health, new HealthChange(at, Source.BLOCK_STREAMER, s.health().name()));
                }
                if (listeners.containsKey(s.id())) {
                    changed.add(s.id());
                }
            }
        } else if (batch.source() == Source.RUNNER) {
            for (ExecutorStatus x : batch.executors()) {
                Entry e = entries.computeIfAbsent(x.id(), Entry::new);
                e.listed = listing;
                String before = e.executor == null ? null : e.executor.health().name();
                e.executor = x;
                if (!x.health().name().equals(before)) {
                    healthLogs.push(e.health, new HealthChange(at, Source.RUNNER, x.health().name()));
                    changed.add(x.id());
                }
            }
        }
        if (batch.full()) {
            // Absent from a full listing: no stream / no executor any more.
            for (Map.Entry<IndexerId, Entry> me : entries.entrySet()) {
                Entry e = me.getValue();
                if (e.listed == listing) {
                    continue;
                }
                if (batch.source() == Source.BLOCK_STREAMER && e.stream != null) {
                    e.stream = null;
                    healthLogs.push(e.health, new HealthChange(at, Source.BLOCK_STREAMER, "no stream"));
                    changed.add(me.getKey());
                } else if (batch.source() == Source.RUNNER && e.executor != null) {
                    e.executor = null;
                    healthLogs.push(e.health, new HealthChange(at, Source.RUNNER, "no executor"));
                    changed.add(me.getKey());
                }
            }
        }
        notify(changed);
    }

    public void accept(ProgressBatch batch) {
        Set<IndexerId> changed = changedSet();
        long at = batch.observedAt().toEpochMilli();
        for (Progress p : batch.items()) {
            Entry e = entries.computeIfAbsent(p.id(), Entry::new);
            e.progress = p;
            e.lastSeen = batch.observedAt();
            e.samples.add(at, p.lastPublishedBlock() == null ? SampleRing.NONE : p.lastPublishedBlock(),
                    p.queueDepth() == null ? SampleRing.NONE : p.queueDepth());
            if (listeners.containsKey(p.id())) {
                changed.add(p.id());
            }
        }
        notify(changed);
    }

    /**
     * Puts what a history store recorded of {@code id} (as batches, oldest first) before what this
     * history observed itself: its lifecycle transitions and health changes then reach back as far as
     * the store does. A live "first seen" entry the store saw begin earlier gives way to the stored
     * one, whose time is exact.
     */
    public void backfill(IndexerId id, List<?> stored) {
        backfill(id, stored, null);
    }

    /**
     * As {@link #backfill(IndexerId, List)}; {@code gapStart}: where the store's last recorded gap
     * began (null: none). A state this history first saw is taken for the stored one it continues
     * only when no gap lies between them: what happened in a gap is unknown, so after one the state
     * stays "first seen" here, and its time counts from then.
     */
    public void backfill(IndexerId id, List<?> stored, Instant gapStart) {
        DetailHistory older = new DetailHistory();
        older.acceptAll(stored);
        Entry old = older.entries.get(id);
        if (old == null) {
            return;
        }
        List<ProgressSample> storedSamples = storedSamples(id, stored);
        Entry e = entries.get(id);
        if (e == null) {
            old.stored = storedSamples;
            entries.put(id, old);
            notify(Set.of(id));
            return;
        }
        List<ProgressSample> liveSamples = e.samples.since(Long.MIN_VALUE);
        long firstLiveSample = liveSamples.isEmpty() ? Long.MAX_VALUE : liveSamples.getFirst().at().toEpochMilli();
        e.stored = storedSamples.stream().filter(p -> p.at().toEpochMilli() < firstLiveSample).toList();
        List<Transition> live = e.transitions.items();
        Transition firstLive = live.isEmpty() ? null : live.getFirst();
        ArrayDeque<Transition> ts = new ArrayDeque<>();
        for (Transition t : old.transitions.items()) {
            if (firstLive == null || t.at().isBefore(firstLive.at())) {
                ts.addLast(t);
            }
        }
        Transition lastStored = ts.peekLast();
        for (Transition t : live) {
            boolean sameAsStored = t == firstLive && t.firstSeen() && lastStored != null
                    && (gapStart == null || gapStart.isBefore(lastStored.at()))
                    && lastStored.state().lifecycle() == t.state().lifecycle()
                    && java.util.Objects.equals(lastStored.state().rawLifecycle(), t.state().rawLifecycle());
            if (!sameAsStored) {
                ts.addLast(t);
            }
        }
        transitionLogs.replace(e.transitions, List.copyOf(ts));
        List<HealthChange> liveHealth = e.health.items();
        HealthChange firstHealth = liveHealth.isEmpty() ? null : liveHealth.getFirst();
        ArrayDeque<HealthChange> hs = new ArrayDeque<>();
        for (HealthChange h : old.health.items()) {
            if (firstHealth == null || h.at().isBefore(firstHealth.at())) {
                hs.addLast(h);
            }
        }
        for (HealthChange h : liveHealth) {
            // the first live reading of a source repeats the stored value it continues
            HealthChange before = null;
            for (HealthChange x : hs) {
                if (x.source() == h.source()) {
                    before = x;
                }
            }
            boolean firstOfSource = liveHealth.stream().filter(x -> x.source() == h.source()).findFirst().orElse(null) == h;
            if (!(firstOfSource && before != null && before.at().isBefore(h.at()) && before.health().equals(h.health()))) {
                hs.addLast(h);
            }
        }
        healthLogs.replace(e.health, List.copyOf(hs));
        notify(Set.of(id));
    }

    /**
* What a transition keeps of a state: everything the detail shows of it, not its raw JSON (the
     * latest state keeps that), with the indexer's shared id and the lifecycle's own wire string.
     */
    private static IndexerState withoutRawJson(IndexerState s, IndexerId id) {
        String raw = s.lifecycle().wire().equals(s.rawLifecycle()) ? s.lifecycle().wire() : s.rawLifecycle();
        return new IndexerState(id, s.lifecycle(), raw, s.enabled(), s.blockStreamSyncedAt(), null, s.problem(), s.readability());
    }

    /** Transitions held in memory for all indexers together (bounded by {@link #MAX_TRANSITIONS_HELD} plus one per indexer). */
    long transitionsHeld() {
        return transitionLogs.held();
    }

    /** Health changes held in memory for all indexers together. */
    long healthChangesHeld() {
        return healthLogs.held();
    }

    /** Records progress at full resolution while a detail view is open. Pair with {@link #untrack}. */
    public void track(IndexerId id) {
        if (tracked.merge(id, 1, Integer::sum) == 1) {
            Entry e = entries.computeIfAbsent(id, Entry::new);
            e.samples = e.samples.resized(FINE_CAPACITY, FINE_SPACING_MS);
        }
    }

    public void untrack(IndexerId id) {
        Integer n = tracked.computeIfPresent(id, (k, v) -> v > 1 ? v - 1 : null);
        Entry e = entries.get(id);
        if (n == null && e != null) {
            e.samples = e.samples.resized(COARSE_CAPACITY, COARSE_SPACING_MS);
            // the recorded samples are for an open detail's chart only; the store still has them
            e.stored = List.of();
        }
    }

    /** Runs {@code listener} after a batch touched the indexer. */
    public void addListener(IndexerId id, Runnable listener) {
        listeners.computeIfAbsent(id, k -> new ArrayList<>()).add(listener);
    }

    public void removeListener(IndexerId id, Runnable listener) {
        List<Runnable> l = listeners.get(id);
        if (l != null) {
            l.remove(listener);
            if (l.isEmpty()) {
                listeners.remove(id);
            }
        }
    }

    /**
     * Where a batch collects the indexers it changed, for {@link #notify}: only those some view listens
     * to are kept (a detail tab or two), not the 50,000 of a first snapshot or a full listing.
     */
    private Set<IndexerId> changedSet() {
        return new java.util.AbstractSet<>() {
            private final Set<IndexerId> kept = new HashSet<>();

            @Override
            public boolean add(IndexerId id) {
                return listeners.containsKey(id) && kept.add(id);
            }

            @Override
            public java.util.Iterator<IndexerId> iterator() {
                return kept.iterator();
            }

            @Override
            public int size() {
                return kept.size();
            }
        };
    }

    private void notify(Set<IndexerId> changed) {
        for (IndexerId id : changed) {
            List<Runnable> l = listeners.get(id);
            if (l != null) {
                List.copyOf(l).forEach(Runnable::run);
            }
        }
    }

    public IndexerState state(IndexerId id) {
        Entry e = entries.get(id);
        return e == null ? null : e.state;
    }

    /** Whether the indexer vanished from the coordinator's state (deleted, or gone from Redis). */
    public boolean isRemoved(IndexerId id) {
        Entry e = entries.get(id);
        return e != null && e.removed;
    }

    public Instant lastSeen(IndexerId id) {
        Entry e = entries.get(id);
        return e == null ? null : e.lastSeen;
    }

    public List<Transition> transitions(IndexerId id) {
        Entry e = entries.get(id);
        return e == null ? List.of() : e.transitions.items();
    }

    public List<HealthChange> healthChanges(IndexerId id) {
        Entry e = entries.get(id);
        return e == null ? List.of() : e.health.items();
    }

    /** The indexer's stream, with the newest updated_at the block streamer listed. */
    public StreamStatus stream(IndexerId id) {
        Entry e = entries.get(id);
        if (e == null || e.stream == null) {
            return null;
        }
        StreamStatus now = latestStreams.get(id);
        return now != null && HealthListing.sameStream(now, e.stream) ? now : e.stream;
    }

    public ExecutorStatus executor(IndexerId id) {
        Entry e = entries.get(id);
        return e == null ? null : e.executor;
    }

    public Progress progress(IndexerId id) {
        Entry e = entries.get(id);
        return e == null ? null : e.progress;
    }

    public List<ProgressSample> samplesSince(IndexerId id, Instant from) {
        Entry e = entries.get(id);
        if (e == null) {
            return List.of();
        }
        List<ProgressSample> live = e.samples.since(from.toEpochMilli());
        if (e.stored.isEmpty() || e.stored.getLast().at().isBefore(from)) {
            return live;
        }
        List<ProgressSample> out = new ArrayList<>(e.stored.size() + live.size());
        for (ProgressSample p : e.stored) {
            if (!p.at().isBefore(from)) {
                out.add(p);
            }
        }
        out.addAll(live);
        return out;
    }

    /** The oldest progress sample held for {@code id} (recorded or observed), null when none. */
    public Instant oldestSample(IndexerId id) {
        Entry e = entries.get(id);
        if (e == null) {
            return null;
        }
        if (!e.stored.isEmpty()) {
            return e.stored.getFirst().at();
        }
        List<ProgressSample> live = e.samples.since(Long.MIN_VALUE);
        return live.isEmpty() ? null : live.getFirst().at();
    }

    /** Recorded samples kept per indexer at most: enough for a day's chart at one point a minute. */
    static final int STORED_SAMPLES = 1_500;

    /** {@code id}'s progress readings among stored batches, oldest first, thinned evenly to {@link #STORED_SAMPLES}. */
    private static List<ProgressSample> storedSamples(IndexerId id, List<?> stored) {
        List<ProgressSample> all = new ArrayList<>();
        for (Object o : stored) {
            if (o instanceof ProgressBatch b) {
                for (Progress p : b.items()) {
                    if (p.id().equals(id)) {
                        all.add(new ProgressSample(b.observedAt(), p.lastPublishedBlock(), p.queueDepth()));
                    }
                }
            }
        }
        if (all.size() <= STORED_SAMPLES) {
            return List.copyOf(all);
        }
        List<ProgressSample> out = new ArrayList<>(STORED_SAMPLES);
        double step = (all.size() - 1) / (double) (STORED_SAMPLES - 1);
        for (int i = 0; i < STORED_SAMPLES; i++) {
            out.add(all.get((int) Math.round(i * step)));
        }
        return List.copyOf(out);
    }
}
