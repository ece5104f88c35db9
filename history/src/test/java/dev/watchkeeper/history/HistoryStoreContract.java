package dev.watchkeeper.history;

import dev.watchkeeper.history.HistoryEvent.Command;
import dev.watchkeeper.history.HistoryEvent.Gap;
import dev.watchkeeper.history.HistoryEvent.IndexerChange;
import dev.watchkeeper.history.HistoryEvent.Keyframe;
import dev.watchkeeper.history.HistoryEvent.SourceChange;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What the store must do on every database it runs on; a subclass per database supplies a fresh store. */
abstract class HistoryStoreContract {

    static final long T0 = Instant.parse("2026-11-30T03:00:00Z").toEpochMilli();
    static final LifecycleState[] STATES = LifecycleState.values();

    HistoryStore store;
    HistoryQueries queries;

    /** A database nothing has opened yet, another on every call. */
    abstract StoreLocation freshLocation() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = HistoryStore.open(freshLocation());
        queries = new HistoryQueries(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static IndexerId id(int i) {
        return new IndexerId("acct" + (i % 7) + ".near", "fn" + i);
    }

    /** A random run of changes (and removals) over 120 indexers with a keyframe every 400 changes. */
    static List<HistoryEvent> randomRun(long seed, int changes) {
        Random r = new Random(seed);
        Map<IndexerId, IndexerRecord> live = new HashMap<>();
        List<HistoryEvent> out = new ArrayList<>();
        long at = T0;
        for (int n = 1; n <= changes; n++) {
            at += 1 + r.nextInt(3);
            IndexerId id = id(r.nextInt(120));
            IndexerRecord before = live.getOrDefault(id, IndexerRecord.empty(id));
            IndexerRecord after = switch (r.nextInt(6)) {
                case 0 -> before.withState(null);
                case 1 -> before.withStream(StreamHealth.values()[r.nextInt(StreamHealth.values().length)], at / 1000);
                case 2 -> before.withExecutor(r.nextBoolean() ? null : ExecutorHealth.values()[r.nextInt(ExecutorHealth.values().length)]);
                case 3 -> before.withProgress(new dev.watchkeeper.model.Progress(id, (long) n, (long) r.nextInt(50), r.nextInt(10) == 0 ? "bad" : null));
                default -> before.withState(r.nextInt(15) == 0 ? IndexerState.missing(id)
                        : IndexerState.of(id, STATES[r.nextInt(STATES.length - 1)], r.nextBoolean()));
            };
            if (after.present()) {
                live.put(id, after);
            } else {
                live.remove(id);
            }
            out.add(new IndexerChange(at, after));
            if (n % 400 == 0) {
                out.add(new Keyframe(at, live.values()));
            }
        }
        return out;
    }

    /** The fleet after every change at or before {@code t}: the truth a rewind must match. */
    static Map<IndexerId, IndexerRecord> replay(List<HistoryEvent> run, long t) {
        Map<IndexerId, IndexerRecord> live = new HashMap<>();
        for (HistoryEvent e : run) {
            if (e instanceof IndexerChange c && c.atMs() <= t) {
                if (c.record().present()) {
                    live.put(c.record().id(), c.record());
                } else {
                    live.remove(c.record().id());
                }
            }
        }
        return live;
    }

    void writeInBatches(List<HistoryEvent> run, long session) {
        for (int i = 0; i < run.size(); i += 137) {
            List<HistoryEvent> batch = run.subList(i, Math.min(run.size(), i + 137));
            store.write(batch, session, batch.getLast().atMs(), 0);
        }
    }

    /** Rounds of {@link #storesOpenedAtOnceOnANewDatabaseAllOpen()}: without the migration lock a SQLite round fails about one time in three. */
    int openRaceRounds() {
        return 12;
    }

    /**
     * A recorder starting while a console (or `status --at`) opens the same new store: every open
     * succeeds, each with a session of its own. Several rounds, since the race is one of timing.
     */
    @Test
    void storesOpenedAtOnceOnANewDatabaseAllOpen() throws Exception {
        int openers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(openers);
        try {
            for (int round = 0; round < openRaceRounds(); round++) {
                StoreLocation fresh = freshLocation();
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(openers);
                List<java.util.concurrent.Future<Long>> sessions = new ArrayList<>();
                for (int i = 0; i < openers; i++) {
                    sessions.add(pool.submit(() -> {
                        start.await();
                        try (HistoryStore s = HistoryStore.open(fresh)) {
                            return s.beginSession(T0);
                        }
                    }));
                }
                List<Long> ids = new ArrayList<>();
                for (var f : sessions) {
                    ids.add(f.get());
                }
                assertThat(ids).as("round %d", round).doesNotHaveDuplicates().hasSize(openers);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCursorHandsTheChangesOfTheStretchItHoldsInOrderAndNothingOfOneItDoesNot() {
        List<HistoryEvent> run = randomRun(7, 3000);
        writeInBatches(run, store.beginSession(T0));
        HistoryQueries.Cursor cursor = queries.cursor();
        cursor.moveTo(Instant.ofEpochMilli(T0 + 2000));
        cursor.moveTo(Instant.ofEpochMilli(T0 + 2600));
        List<String> handed = new java.util.ArrayList<>();
        assertThat(cursor.changes(T0 + 2100, T0 + 2500, (at, id, r) -> handed.add(at + " " + id + " " + r))).isTrue();
        List<String> expected = new java.util.ArrayList<>();
        for (HistoryEvent e : run) {
            if (e instanceof IndexerChange c && c.atMs() > T0 + 2100 && c.atMs() <= T0 + 2500) {
                expected.add(c.atMs() + " " + c.record().id() + " " + (c.record().present() ? c.record() : null));
            }
        }
        assertThat(handed).isNotEmpty().isEqualTo(expected);
        // beyond what it read, or before its base: it does not know, so it says so
        assertThat(cursor.changes(T0 + 2500, T0 + 2700, (at, id, r) -> handed.add("more"))).isFalse();
        assertThat(cursor.changes(T0 - 1, T0 + 2500, (at, id, r) -> handed.add("more"))).isFalse();
        assertThat(handed).doesNotContain("more");
    }

    @Test
    void aRewindAtAnyMomentEqualsReplayingEveryChangeUpToIt() {
        List<HistoryEvent> run = randomRun(7, 3000);
        writeInBatches(run, store.beginSession(T0));
        long end = run.getLast().atMs();
        Random r = new Random(1);
        HistoryQueries.Cursor cursor = queries.cursor();
        for (int i = 0; i < 40; i++) {
            long t = T0 + (long) (r.nextDouble() * (end - T0 + 100));
            FleetAt fleet = queries.fleetAt(Instant.ofEpochMilli(t));
            assertThat(fleet.indexers()).as("fleet at +%d ms", t - T0).isEqualTo(replay(run, t));
            assertThat(fleet.changesRead()).as("changes read after the keyframe").isLessThanOrEqualTo(400);
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).isEqualTo(replay(run, t));
        }
        // scrubbing forward in small steps applies only the changes in between, across keyframes; back again from memory
        for (long t = T0 + 2000; t < T0 + 4000; t += 37) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).isEqualTo(replay(run, t));
        }
        for (long t = T0 + 4000; t > T0 + 500; t -= 53) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).isEqualTo(replay(run, t));
        }
        assertThat(queries.fleetAt(Instant.ofEpochMilli(T0 - 1)).beforeHistory()).isTrue();
        // a cursor whose memory fills up moves its base to where it is, and stays exact both ways
        HistoryQueries.Cursor small = queries.cursor(300);
        for (long t = T0; t < end; t += 97) {
            assertThat(small.moveTo(Instant.ofEpochMilli(t)).indexers()).isEqualTo(replay(run, t));
        }
        for (long t = end; t > T0; t -= 211) {
            assertThat(small.moveTo(Instant.ofEpochMilli(t)).indexers()).isEqualTo(replay(run, t));
        }
    }

    /**
     * A cursor that holds more changes than one of its chunks (8,192): filling up moves its base
     * (dropping whole chunks and keeping the changes after it), stepping back lets go of changes
     * after it and joins the stretches before it, all across chunks. Every moment equals a replay.
     */
    @Test
    void aCursorHoldingSeveralChunksOfChangesStaysExactBothWays() {
        List<HistoryEvent> run = randomRun(23, 20_000);
        writeInBatches(run, store.beginSession(T0));
        long end = run.getLast().atMs();
        HistoryQueries.Cursor cursor = queries.cursor(12_000);
        for (long t = T0; t < end; t += 997) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("forward to +%d ms", t - T0).isEqualTo(replay(run, t));
            if ((t - T0) % (16 * 997) == 0 && t > T0) {
                // far ahead and most of the way back: the next step forward moves the base with changes still held after it
                for (long jump : new long[]{t + 20_000, t + 2_000}) {
                    assertThat(cursor.moveTo(Instant.ofEpochMilli(jump)).indexers()).as("to +%d ms", jump - T0).isEqualTo(replay(run, jump));
                }
            }
        }
        for (long t = end; t > T0; t -= 1499) {
            while (cursor.readBehind(Instant.ofEpochMilli(t - 20_000), 5_000)) {
                // the stretches before its start, read ahead as the console's reader does
            }
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("back to +%d ms", t - T0).isEqualTo(replay(run, t));
        }
    }

    @Test
    void aCursorSaysWhichIndexersAStepForwardChangedAndNothingForOtherMoves() {
        List<HistoryEvent> run = randomRun(17, 3000);
        writeInBatches(run, store.beginSession(T0));
        HistoryQueries.Cursor cursor = queries.cursor();
        Map<IndexerId, IndexerRecord> before = cursor.moveTo(Instant.ofEpochMilli(T0 + 100)).indexers();
        assertThat(cursor.changedSince(before)).as("a first move starts afresh").isNull();
        for (long t = T0 + 100; t < T0 + 5000; t += 150) {
            Map<IndexerId, IndexerRecord> now = cursor.moveTo(Instant.ofEpochMilli(t + 150)).indexers();
            List<IndexerId> changed = cursor.changedSince(before);
            java.util.Set<IndexerId> differ = new java.util.HashSet<>(now.keySet());
            differ.addAll(before.keySet());
            Map<IndexerId, IndexerRecord> was = before;
            differ.removeIf(id -> was.get(id) == now.get(id));
            assertThat(changed).as("forward to +%d ms", t + 150 - T0).isNotNull().containsAll(differ);
            assertThat(cursor.changedSince(Map.copyOf(now))).as("from a fleet it did not hand out").isNull();
            before = now;
        }
        Map<IndexerId, IndexerRecord> now = cursor.moveTo(Instant.ofEpochMilli(T0 + 2000)).indexers();
        assertThat(cursor.changedSince(before)).as("a step back").isNull();
        cursor.moveTo(Instant.ofEpochMilli(T0 + 2500));
        assertThat(cursor.changedSince(before)).as("from a fleet handed out earlier").isNull();
        assertThat(cursor.changedSince(now)).isNotNull();
    }

    @Test
    void aCursorStaysExactAcrossItsFleetCopiesWhateverTheStepsLength() {
        List<HistoryEvent> run = randomRun(13, 3000);
        writeInBatches(run, store.beginSession(T0));
        long end = run.getLast().atMs();
        // copies every 50 changes: steps shorter and longer than that, forward then back, then a jump forward and small steps back
        HistoryQueries.Cursor cursor = queries.cursor(500_000, 50);
        Random r = new Random(3);
        for (long t = T0; t < end; t += 1 + r.nextInt(r.nextBoolean() ? 60 : 400)) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("forward to +%d ms", t - T0).isEqualTo(replay(run, t));
        }
        for (long t = end; t > T0; t -= 1 + r.nextInt(r.nextBoolean() ? 60 : 400)) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("back to +%d ms", t - T0).isEqualTo(replay(run, t));
        }
        HistoryQueries.Cursor jumping = queries.cursor(500_000, 50);
        jumping.moveTo(Instant.ofEpochMilli(end));
        for (long t = end; t > T0; t -= 7) {
            assertThat(jumping.moveTo(Instant.ofEpochMilli(t)).indexers()).as("back to +%d ms", t - T0).isEqualTo(replay(run, t));
        }
    }

    @Test
    void aStepBackIntoTheStretchesReadAheadBeforeTheCursorsStartReadsNoFleetFromTheStore() {
        List<HistoryEvent> run = randomRun(11, 3000);
        writeInBatches(run, store.beginSession(T0));
        long end = run.getLast().atMs();
        long first = run.stream().filter(e -> e instanceof Keyframe).findFirst().orElseThrow().atMs();
        List<String> fleetReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        HistoryQueries watched = new HistoryQueries(store, recordingFleetReads(store.reader(), fleetReads));
        // memory for a little over two keyframe intervals: going forward it moves its start to where it
        // is (anywhere after a keyframe, so the stretch before it can be short), going back it lets go
        HistoryQueries.Cursor cursor = watched.cursor(1000);
        long t = T0 + 400;
        for (; t + 131 < end; t += 131) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("fleet at +%d ms", t - T0).isEqualTo(replay(run, t));
        }
        t -= 131;
        int crossed = 0;
        int pieces = 0;
        // steps back of about 100 changes, longer than some of the stretches before the start
        for (t -= 211; t >= first; t -= 211) {
            Instant startBefore = cursor.start();
            while (cursor.readBehind(Instant.ofEpochMilli(t), 50)) {
                pieces++;
            }
            assertThat(cursor.heldFrom()).as("held before the step to +%d ms", t - T0).isBeforeOrEqualTo(Instant.ofEpochMilli(t));
            fleetReads.clear();
            FleetAt f = cursor.moveTo(Instant.ofEpochMilli(t));
            assertThat(f.indexers()).as("fleet at +%d ms", t - T0).isEqualTo(replay(run, t));
            assertThat(fleetReads).as("a step back to +%d ms reads no keyframe and no changes", t - T0).isEmpty();
            crossed += cursor.start().equals(startBefore) ? 0 : 1;
        }
        assertThat(crossed).as("steps back across a keyframe").isGreaterThan(3);
        assertThat(pieces).as("read in pieces of 50 rows: a keyframe of 120 and 400 changes take several").isGreaterThan(5 * crossed);
        // forward again, reading what it let go, and exact
        for (; t < end; t += 307) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("fleet at +%d ms", t - T0).isEqualTo(replay(run, t));
        }
    }

    /**
     * A keyframe written after a recorded gap holds what the recorder saw then, not the replay of the
     * changes before it (some were lost). Scrubbing back into the stretch before it and forward
     * across it again shows what a fresh look shows, both ways, at every moment.
     */
    @Test
    void aScrubAcrossAKeyframeAfterAGapShowsTheKeyframeNotTheReplayBeforeIt() {
        List<HistoryEvent> run = new ArrayList<>(randomRun(19, 3000));
        List<Integer> keyframes = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            if (run.get(i) instanceof Keyframe) {
                keyframes.add(i);
            }
        }
        Keyframe k2 = (Keyframe) run.get(keyframes.get(1));
        IndexerId lost = id(500);
        // from the second keyframe on, every keyframe holds an indexer whose arrival was never recorded
        for (int k = 1; k < keyframes.size(); k++) {
            Keyframe kf = (Keyframe) run.get(keyframes.get(k));
            List<IndexerRecord> seen = new ArrayList<>(kf.fleet());
            seen.add(IndexerRecord.empty(lost).withState(IndexerState.of(lost, LifecycleState.RUNNING, true)));
            run.set(keyframes.get(k), new Keyframe(kf.atMs(), seen));
        }
        writeInBatches(run, store.beginSession(T0));
        long k1At = run.get(keyframes.get(0)).atMs();
        long k3At = run.get(keyframes.get(2)).atMs();
        HistoryQueries.Cursor cursor = queries.cursor(500_000, 50);
        long after = k2.atMs() + (k3At - k2.atMs()) / 3;
        assertThat(cursor.moveTo(Instant.ofEpochMilli(after)).indexers()).containsKey(lost)
                .isEqualTo(queries.fleetAt(Instant.ofEpochMilli(after)).indexers());
        long before = k1At + (k2.atMs() - k1At) / 2;
        while (cursor.readBehind(Instant.ofEpochMilli(before), 10_000)) {
            // read the stretch before the keyframe ahead, as the console's reader does between frames
        }
        assertThat(cursor.moveTo(Instant.ofEpochMilli(before)).indexers()).doesNotContainKey(lost).isEqualTo(replay(run, before));
        for (long t = before; t < k3At; t += 29) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("forward to +%d ms", t - T0)
                    .isEqualTo(queries.fleetAt(Instant.ofEpochMilli(t)).indexers());
        }
        for (long t = k3At; t > before; t -= 31) {
            assertThat(cursor.moveTo(Instant.ofEpochMilli(t)).indexers()).as("back to +%d ms", t - T0)
                    .isEqualTo(queries.fleetAt(Instant.ofEpochMilli(t)).indexers());
        }
    }

    /** {@code db}, noting each statement that reads a keyframe's fleet or a range of changes. */
    private static java.sql.Connection recordingFleetReads(java.sql.Connection db, List<String> reads) {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(HistoryStoreContract.class.getClassLoader(),
                new Class<?>[]{java.sql.Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")
                            && (((String) args[0]).contains("FROM keyframe_indexer") || ((String) args[0]).contains("FROM indexer_event WHERE seq"))) {
                        reads.add((String) args[0]);
                    }
                    try {
                        return method.invoke(db, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void oneIndexersHistoryStartsWithItsStateThenListsEachChangeAndItsCommands() {
        List<HistoryEvent> run = new ArrayList<>(randomRun(11, 1500));
        IndexerId target = id(3);
        run.add(new Command(run.getLast().atMs(), AuditEntry.draft(Instant.ofEpochMilli(run.getLast().atMs()), "ops", "prod",
                "Suspend", List.of(target.fullName(), "not an indexer"), "pager", AuditOutcome.CONFIRMED, "Suspended")));
        writeInBatches(run, store.beginSession(T0));
        long since = T0 + 1000;
        List<HistoryQueries.IndexerEvent> h = queries.indexerHistory(target, Instant.ofEpochMilli(since), Instant.ofEpochMilli(Long.MAX_VALUE / 2), 10_000);
        List<IndexerRecord> expected = new ArrayList<>();
        IndexerRecord initial = replay(run, since).get(target);
        if (initial != null) {
            expected.add(initial);
        }
        run.stream().filter(e -> e instanceof IndexerChange c && c.record().id().equals(target) && c.atMs() > since)
                .forEach(e -> expected.add(((IndexerChange) e).record().present() ? ((IndexerChange) e).record() : IndexerRecord.empty(target)));
        assertThat(h).extracting(HistoryQueries.IndexerEvent::record).containsExactlyElementsOf(expected);
        assertThat(queries.commands(target, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(Long.MAX_VALUE / 2)))
                .singleElement().satisfies(c -> {
                    assertThat(c.entry().command()).isEqualTo("Suspend");
                    assertThat(c.entry().outcome()).isEqualTo("CONFIRMED");
                    assertThat(c.entry().targets()).containsExactly(target.fullName(), "not an indexer");
                });
        assertThat(queries.indexerHistory(new IndexerId("never.near", "seen"), Instant.ofEpochMilli(T0), Instant.now(), 10)).isEmpty();
    }

    @Test
    void sourcesAreRewoundToTheirLastRecordedState() {
        long s = store.beginSession(T0);
        SourceStatus down = new SourceStatus(Source.REDIS, ConnectionState.RECONNECTING, Instant.ofEpochMilli(T0 + 10), null,
                Instant.ofEpochMilli(T0 + 2000), "live", "connection refused");
        SourceStatus up = new SourceStatus(Source.REDIS, ConnectionState.CONNECTED, Instant.ofEpochMilli(T0 + 3000),
                Instant.ofEpochMilli(T0 + 3000), null, "live", null);
        store.write(List.of(new SourceChange(T0 + 10, down), new SourceChange(T0 + 3000, up)), s, T0 + 3000, 0);
        assertThat(queries.fleetAt(Instant.ofEpochMilli(T0 + 5)).sources()).isEmpty();
        assertThat(queries.fleetAt(Instant.ofEpochMilli(T0 + 2999)).sources().get(Source.REDIS)).isEqualTo(down);
        assertThat(queries.fleetAt(Instant.ofEpochMilli(T0 + 3000)).sources().get(Source.REDIS)).isEqualTo(up);
    }

    @Test
    void aSessionThatNeverClosedLeavesAGapFromItsLastCommittedBatchAndAClosedOneANotRecordingGap() {
        long first = store.beginSession(T0);
        store.write(List.of(new IndexerChange(T0 + 5, IndexerRecord.empty(id(1)).withExecutor(ExecutorHealth.RUNNING))), first, T0 + 500, 0);
        // no endSession: the recorder was killed
        long restart = T0 + 10 * 60_000;
        long second = store.beginSession(restart);
        assertThat(queries.gaps(T0, restart)).singleElement().satisfies(g -> {
            assertThat(g.fromMs()).isEqualTo(T0 + 500);
            assertThat(g.toMs()).isEqualTo(restart);
            assertThat(g.reason()).contains("killed");
        });
        assertThat(queries.fleetAt(Instant.ofEpochMilli(T0 + 60_000)).gap()).isNotNull();
        assertThat(queries.fleetAt(Instant.ofEpochMilli(T0 + 400)).gap()).isNull();
        store.endSession(second, restart + 1000, 0);
        store.beginSession(restart + 5000);
        assertThat(queries.gaps(restart + 1000, restart + 5000)).extracting(Gap::reason).containsExactly("not recording");
    }

    @Test
    void retentionByAgeRemovesWholeOldIntervalsAndKeepsEveryLaterMomentExact() {
        List<HistoryEvent> run = randomRun(5, 3000);
        writeInBatches(run, store.beginSession(T0));
        long end = run.getLast().atMs();
        long middle = T0 + (end - T0) / 2;
        Retention.Result r = new Retention(store, Duration.ofMillis(end - middle), Long.MAX_VALUE).apply(Instant.ofEpochMilli(end));
        assertThat(r.keyframesRemoved()).isPositive();
        assertThat(r.changesRemoved()).isPositive();
        assertThat(r.historyStart()).isBeforeOrEqualTo(Instant.ofEpochMilli(middle));
        assertThat(queries.historyStart()).isEqualTo(r.historyStart());
        for (long t = middle; t <= end; t += (end - middle) / 10) {
            assertThat(queries.fleetAt(Instant.ofEpochMilli(t)).indexers()).isEqualTo(replay(run, t));
        }
        assertThat(queries.fleetAt(Instant.ofEpochMilli(T0 + 10)).beforeHistory()).isTrue();
    }

    @Test
    void retentionBySizeRemovesTheOldestFirstUntilTheStoreFits() {
        List<HistoryEvent> run = randomRun(9, 3000);
        writeInBatches(run, store.beginSession(T0));
        long before = store.sizeBytes();
        long end = run.getLast().atMs();
        Retention.Result r = new Retention(store, Duration.ofDays(365), before / 2).apply(Instant.ofEpochMilli(end));
        assertThat(r.keyframesRemoved()).isPositive();
        assertThat(r.changesRemoved()).as("about the older half").isBetween(1500L - 400, 1500L + 400);
        assertThat(queries.fleetAt(r.historyStart().minusMillis(1)).beforeHistory()).isTrue();
        assertThat(queries.fleetAt(Instant.ofEpochMilli(end)).indexers()).isEqualTo(replay(run, end));
    }
}
