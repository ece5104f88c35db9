package dev.watchkeeper.app.detail;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DetailHistoryTest {

    static final IndexerId A = new IndexerId("morgs.near", "social_feed");
    static final IndexerId B = new IndexerId("other.near", "x");
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final DetailHistory history = new DetailHistory();

    static StateBatch state(IndexerId id, LifecycleState s, long second) {
        return StateBatch.changes(List.of(IndexerState.of(id, s, s != LifecycleState.SUSPENDED)), Set.of(), T0.plusSeconds(second));
    }

    @Test
    void recordsLifecycleTransitionsNotRepeats() {
        history.accept(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true)), T0));
        history.accept(state(A, LifecycleState.RUNNING, 1));
        history.accept(state(A, LifecycleState.SUSPENDING, 5));
        history.accept(state(A, LifecycleState.SUSPENDED, 6));

        assertThat(history.transitions(A)).extracting(t -> t.state().lifecycle())
                .containsExactly(LifecycleState.RUNNING, LifecycleState.SUSPENDING, LifecycleState.SUSPENDED);
        assertThat(history.transitions(A).getFirst().firstSeen()).isTrue();
        List<TransitionRow> rows = IndexerDetailViewModel.rows(history.transitions(A), T0.plusSeconds(66));
        assertThat(rows).extracting(TransitionRow::timeInState)
                .containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(rows.getFirst().current()).isTrue();
    }

    @Test
    void aHistoryStoreBackfillReachesBackAndMakesTheFirstSeenStateExact() {
        // live: the console saw A first at T0+100, Running, then Repairing at T0+200
        history.accept(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true)), T0.plusSeconds(100)));
        history.accept(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(A, "s", 1, StreamHealth.RUNNING, 0)), List.of(), true,
                T0.plusSeconds(100)));
        history.accept(state(A, LifecycleState.REPAIRING, 200));
        // the store: Initializing at T0, Running from T0+30, stream Running from T0+30
        history.backfill(A, List.of(state(A, LifecycleState.INITIALIZING, 0), state(A, LifecycleState.RUNNING, 30),
                new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(A, "s", 1, StreamHealth.RUNNING, 0)), List.of(), false,
                        T0.plusSeconds(30))));

        assertThat(history.transitions(A)).extracting(t -> t.state().lifecycle())
                .containsExactly(LifecycleState.INITIALIZING, LifecycleState.RUNNING, LifecycleState.REPAIRING);
        // Running began when the store saw it begin, not when this console first saw it
        assertThat(history.transitions(A).get(1).at()).isEqualTo(T0.plusSeconds(30));
        assertThat(history.transitions(A).get(1).firstSeen()).isFalse();
        assertThat(IndexerDetailViewModel.rows(history.transitions(A), T0.plusSeconds(260))).extracting(TransitionRow::timeInState)
                .containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(170), Duration.ofSeconds(30));
        assertThat(history.healthChanges(A)).extracting(HealthChange::at).containsExactly(T0.plusSeconds(30));
    }

    @Test
    void aStoredStateBeforeARecordedGapLastsUntilRecordingStoppedInTheLiveDetail() {
        // live: first seen Running at T0+100; the store: Running from T0, then nothing recorded from T0+50
        history.accept(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true)), T0.plusSeconds(100)));
        history.recordingStopped(List.of(T0.plusSeconds(50)));
        history.backfill(A, List.of(state(A, LifecycleState.RUNNING, 0)), T0.plusSeconds(50));

        List<TransitionRow> rows = IndexerDetailViewModel.rows(history.transitions(A), T0.plusSeconds(160), history.recordingStopped());
        assertThat(rows).extracting(TransitionRow::timeInState).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(50));
        assertThat(rows).extracting(TransitionRow::untilRecordingStopped).containsExactly(false, true);
        assertThat(rows.get(1).timeText()).endsWith(" until recording stopped");
    }

    private static ProgressBatch progress(IndexerId id, long block, long second) {
        return new ProgressBatch(List.of(new Progress(id, block, 1L, null)), T0.plusSeconds(second));
    }

    @Test
    void theChartReachesBackThroughWhatTheStoreRecorded() {
        history.track(A);
        // live: one sample a second for the last minute (T0+10,800 .. T0+10,860)
        for (int s = 10_800; s <= 10_860; s++) {
            history.accept(progress(A, 1_000_000 + s, s));
        }
        // the store: one sample every 2 s over the three hours before, overlapping the live minute
        List<Object> stored = new java.util.ArrayList<>();
        for (int s = 0; s <= 10_860; s += 2) {
            stored.add(progress(A, 1_000_000 + s, s));
        }
        stored.addFirst(state(A, LifecycleState.RUNNING, 0));
        history.backfill(A, stored);

        Instant now = T0.plusSeconds(10_860);
        List<ProgressSample> lastTen = history.samplesSince(A, now.minus(Duration.ofMinutes(10)));
        assertThat(lastTen.getFirst().at()).isAfterOrEqualTo(now.minus(Duration.ofMinutes(10)));
        List<ProgressSample> all = history.samplesSince(A, now.minus(Duration.ofHours(6)));
        assertThat(all.getFirst().at()).isEqualTo(T0);
        assertThat(history.oldestSample(A)).isEqualTo(T0);
        // oldest first, the stored ones thinned, none overlapping what this console observed itself
        assertThat(all).extracting(ProgressSample::at).isSorted().doesNotHaveDuplicates();
        assertThat(all.stream().filter(p -> p.at().isBefore(T0.plusSeconds(10_800)))).hasSizeLessThanOrEqualTo(DetailHistory.STORED_SAMPLES);
        assertThat(all.stream().filter(p -> !p.at().isBefore(T0.plusSeconds(10_800)))).hasSize(61);
        assertThat(all).allMatch(p -> p.lastPublishedBlock() == 1_000_000 + Duration.between(T0, p.at()).toSeconds());

        // closing the detail lets the recorded samples go (the store still has them)
        history.untrack(A);
        assertThat(history.samplesSince(A, now.minus(Duration.ofHours(6)))).allMatch(p -> !p.at().isBefore(T0.plusSeconds(10_800)));
    }

    @Test
    void aStateFirstSeenAfterARecordedGapIsNotTakenForTheStoredOne() {
        // live: Running, first seen at T0+7,200 (the console opened then)
        history.accept(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true)), T0.plusSeconds(7_200)));
        // the store: Running from T0+30, then nothing recorded from T0+600 (its recorder stopped)
        List<Object> stored = List.of(state(A, LifecycleState.INITIALIZING, 0), state(A, LifecycleState.RUNNING, 30));
        history.backfill(A, stored, T0.plusSeconds(600));

        assertThat(history.transitions(A)).extracting(t -> t.state().lifecycle())
                .containsExactly(LifecycleState.INITIALIZING, LifecycleState.RUNNING, LifecycleState.RUNNING);
        Transition current = history.transitions(A).getLast();
        assertThat(current.firstSeen()).as("it may have changed and changed back in the gap").isTrue();
        assertThat(current.at()).isEqualTo(T0.plusSeconds(7_200));

        // without a gap the first sight continues the stored state, whose begin is exact
        DetailHistory whole = new DetailHistory();
        whole.accept(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true)), T0.plusSeconds(7_200)));
        whole.backfill(A, stored, null);
        assertThat(whole.transitions(A).getLast().at()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void transitionsAreBoundedPerIndexer() {
        for (int i = 0; i < 500; i++) {
            history.accept(state(A, i % 2 == 0 ? LifecycleState.RUNNING : LifecycleState.REPAIRING, i));
        }
        assertThat(history.transitions(A)).hasSize(DetailHistory.MAX_TRANSITIONS);
        assertThat(history.transitions(A).getLast().at()).isEqualTo(T0.plusSeconds(499));
    }

    @Test
    void removalIsNotedAndTheLastStateKept() {
        history.accept(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.DELETING, true), IndexerState.of(B, LifecycleState.RUNNING, true)), T0));
        history.accept(StateBatch.full(List.of(IndexerState.of(B, LifecycleState.RUNNING, true)), T0.plusSeconds(2)));
        assertThat(history.isRemoved(A)).isTrue();
        assertThat(history.state(A).lifecycle()).isEqualTo(LifecycleState.DELETING);
        assertThat(history.isRemoved(B)).isFalse();
    }

    @Test
    void healthChangesAreRecordedAndAFullListingWithoutTheIndexerMeansNoStream() {
        history.accept(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100)), List.of(), true, T0));
        history.accept(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 220)), List.of(), true, T0.plusSeconds(120)));
        history.accept(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(A, "s1", 1, StreamHealth.STALLED, 340)), List.of(), true, T0.plusSeconds(240)));
        history.accept(new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(A, "e", 1, ExecutorHealth.FAILING)), true, T0.plusSeconds(241)));
        history.accept(new HealthBatch(Source.BLOCK_STREAMER, List.of(), List.of(), true, T0.plusSeconds(300)));

        assertThat(history.healthChanges(A)).extracting(HealthChange::health)
                .containsExactly("RUNNING", "STALLED", "FAILING", "no stream");
        assertThat(history.stream(A)).isNull();
        assertThat(history.executor(A).health()).isEqualTo(ExecutorHealth.FAILING);
    }

    @Test
    void progressIsCoarseUntilTrackedThenPerSecond() {
        for (int s = 0; s < 120; s += 2) {
            history.accept(new ProgressBatch(List.of(new Progress(A, 1000L + s, 3L, null)), T0.plusSeconds(s)));
        }
        // Coarse: one sample per 30 s plus the newest.
        List<ProgressSample> coarse = history.samplesSince(A, T0);
        assertThat(coarse.size()).isBetween(4, 6);
        assertThat(coarse.getLast().lastPublishedBlock()).isEqualTo(1118L);

        history.track(A);
        for (int s = 120; s < 180; s += 2) {
            history.accept(new ProgressBatch(List.of(new Progress(A, 1000L + s, null, null)), T0.plusSeconds(s)));
        }
        List<ProgressSample> fine = history.samplesSince(A, T0.plusSeconds(120));
        assertThat(fine).hasSize(30);
        assertThat(fine.getLast().queueDepth()).isNull();
        // Older than the window asked for are left out.
        assertThat(history.samplesSince(A, T0.plusSeconds(170))).allMatch(p -> !p.at().isBefore(T0.plusSeconds(170)));

        history.untrack(A);
        assertThat(history.samplesSince(A, T0).size()).isLessThanOrEqualTo(DetailHistory.COARSE_CAPACITY);
    }

    @Test
    void listenersHearOnlyTheirIndexer() {
        AtomicInteger calls = new AtomicInteger();
        history.addListener(A, calls::incrementAndGet);
        history.accept(state(B, LifecycleState.RUNNING, 0));
        history.accept(state(A, LifecycleState.RUNNING, 1));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aListenerHearsItsIndexerInAFullSnapshotAndInItsProgressAndNothingOnceRemoved() {
        AtomicInteger calls = new AtomicInteger();
        Runnable listener = calls::incrementAndGet;
        history.addListener(A, listener);
        history.accept(StateBatch.full(List.of(IndexerState.of(B, LifecycleState.RUNNING, true), IndexerState.of(A, LifecycleState.RUNNING, true)), T0));
        assertThat(calls).hasValue(1);
        history.accept(progress(B, 10, 1));
        history.accept(progress(A, 10, 1));
        assertThat(calls).hasValue(2);
        history.removeListener(A, listener);
        history.accept(progress(A, 11, 2));
        assertThat(calls).hasValue(2);
    }

    @Test
    void unreadableStateIsKeptRawWithTheProblem() {
        IndexerState bad = new IndexerState(A, LifecycleState.UNKNOWN, null, null, null, "{not json", "not JSON: unexpected character");
        assertThat(RawJson.describe(bad)).contains("unreadable: not JSON").contains("{not json");
        IndexerState good = new IndexerState(A, LifecycleState.RUNNING, "Running", true, null,
                "{\"account_id\":\"morgs.near\",\"lifecycle_state\":\"Running\"}", null);
        assertThat(RawJson.describe(good)).contains("\"lifecycle_state\" : \"Running\"").contains("\n  \"account_id\"");
    }

    @Test
    void tenThousandBusyIndexersHoldAtMostTheGlobalCapOfTransitionsAndRawJsonOnlyForTheLatestState() {
        int indexers = 10_000;
        int rounds = 60; // 600,000 transitions: 3 times the cap, 60 MB or so if all were held as before
        LifecycleState[] cycle = {LifecycleState.RUNNING, LifecycleState.SUSPENDING, LifecycleState.SUSPENDED};
        for (int round = 0; round < rounds; round++) {
            LifecycleState s = cycle[round % cycle.length];
            for (int from = 0; from < indexers; from += 1000) {
                List<IndexerState> batch = new java.util.ArrayList<>(1000);
                for (int i = from; i < from + 1000; i++) {
                    batch.add(parsed(id(i), s, round));
                }
                history.accept(StateBatch.changes(batch, Set.of(), T0.plusSeconds(round)));
            }
        }

        assertThat(history.transitionsHeld()).isLessThanOrEqualTo(DetailHistory.MAX_TRANSITIONS_HELD + indexers);
        LifecycleState last = cycle[(rounds - 1) % cycle.length];
        for (int i = 0; i < indexers; i += 997) {
            List<Transition> ts = history.transitions(id(i));
            assertThat(ts).as("the recent transitions stay, newest last").isNotEmpty();
            assertThat(ts.getLast().state().lifecycle()).isEqualTo(last);
            assertThat(ts.getLast().at()).isEqualTo(T0.plusSeconds(rounds - 1));
            assertThat(ts).allSatisfy(t -> assertThat(t.state().rawJson()).isNull());
            assertThat(history.state(id(i)).rawJson()).as("raw JSON once per indexer, of its latest state")
                    .contains("\"block_stream_synced_at\":" + (rounds - 1));
        }
    }

    @Test
    void theGloballyOldestTransitionsGoFirstAndEachIndexerKeepsItsLatest() {
        DetailHistory small = new DetailHistory(10, 10);
        small.accept(state(A, LifecycleState.RUNNING, 0));
        small.accept(state(A, LifecycleState.SUSPENDING, 1));
        small.accept(state(A, LifecycleState.SUSPENDED, 2));
        for (int i = 0; i < 20; i++) {
            small.accept(state(B, i % 2 == 0 ? LifecycleState.RUNNING : LifecycleState.REPAIRING, 10 + i));
        }

        assertThat(small.transitions(A)).extracting(t -> t.state().lifecycle()).containsExactly(LifecycleState.SUSPENDED);
        assertThat(small.transitions(B)).hasSizeBetween(9, 10);
        assertThat(small.transitions(B).getLast().at()).isEqualTo(T0.plusSeconds(29));
        assertThat(small.transitionsHeld()).isLessThanOrEqualTo(10 + 2);
    }

    private static IndexerId id(int i) {
        return new IndexerId("acct" + i + ".near", "feed");
    }

    /** A state as the parser returns it: its own id, lifecycle string and raw JSON. */
    private static IndexerState parsed(IndexerId id, LifecycleState s, long version) {
        String raw = "{\"account_id\":\"" + id.accountId() + "\",\"function_name\":\"feed\",\"block_stream_synced_at\":"
                + version + ",\"enabled\":true,\"lifecycle_state\":\"" + s.wire() + "\"}";
        return new IndexerState(new IndexerId(id.accountId(), id.functionName()), s, new String(s.wire()), true, version, raw, null);
    }
}
