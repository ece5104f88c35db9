package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.prefs.MemoryPreferences;
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
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StreamStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FleetViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final IndexerId A = new IndexerId("a.near", "one");
    private static final IndexerId B = new IndexerId("b.near", "two words.v2/x");
    private static final IndexerId C = new IndexerId("c.near", "three");

    private final FleetViewModel vm = new FleetViewModel();

    private void load() {
        vm.apply(List.of(StateBatch.full(List.of(
                IndexerState.of(A, LifecycleState.RUNNING, true),
                IndexerState.of(B, LifecycleState.RUNNING, true),
                IndexerState.of(C, LifecycleState.SUSPENDED, false)), T0)));
    }

    /** The update ranges the row list reports from now on (each one re-sorts a sorted view). */
    private List<String> updateRanges() {
        List<String> updates = new ArrayList<>();
        vm.allRows().addListener((javafx.collections.ListChangeListener<IndexerRow>) c -> {
            while (c.next()) {
                if (c.wasUpdated()) {
                    updates.add(c.getFrom() + "-" + c.getTo());
                }
            }
        });
        return updates;
    }

    private static HealthBatch streams(boolean full, StreamStatus... s) {
        return new HealthBatch(Source.BLOCK_STREAMER, List.of(s), List.of(), full, T0.plusSeconds(5));
    }

    @Test
    void healthIsUnknownUntilASourceReportsIt() {
        load();
        assertThat(vm.row(A).streamHealth()).isEqualTo(StreamHealth.UNKNOWN);
        assertThat(vm.row(A).executorHealth()).isEqualTo(ExecutorHealth.UNKNOWN);
        assertThat(vm.row(A).lastPublishedBlock()).isNull();
    }

    @Test
    void aFullListingWithoutAnIndexerMeansItHasNoStream() {
        load();
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100), new StreamStatus(B, "s2", 1, StreamHealth.STALLED, 90))));
        assertThat(vm.row(A).streamHealth()).isEqualTo(StreamHealth.RUNNING);
        assertThat(vm.row(B).streamHealth()).isEqualTo(StreamHealth.STALLED);
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100))));
        assertThat(vm.row(B).streamHealth()).isEqualTo(StreamHealth.UNKNOWN);
    }

    @Test
    void anUnchangedListingReportsNoChangeSoSummariesAreNotRecomputedForIt() {
        load();
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100))));
        int changes = vm.changesProperty().get();

        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100))));
        vm.applyHealth(List.of(new HealthBatch(Source.RUNNER, List.of(), List.of(), true, T0)));
        assertThat(vm.changesProperty().get()).isEqualTo(changes);

        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.STALLED, 130))));
        assertThat(vm.changesProperty().get()).isEqualTo(changes + 1);
        vm.applyAll(List.of(StateBatch.changes(List.of(IndexerState.of(new IndexerId("d.near", "new"), LifecycleState.RUNNING, true)), Set.of(), T0)));
        assertThat(vm.changesProperty().get()).as("a row added is a change").isEqualTo(changes + 2);
    }

    @Test
    void everyReaderOfTheRowsSharesOneViewSoARowChangeIsNotFiredAtDiscardedViews() {
        // each read-only view listens to the rows until it is collected: one per call made every
        // evaluation of the attention rules fire each change at the views not yet collected
        assertThat(vm.allRows()).isSameAs(vm.allRows());
        load();
        assertThat(vm.allRows()).hasSize(vm.sortedRows().size());
    }

    @Test
    void progressAloneMovesNoRowUnlessTheOrderUsesProgress() {
        load();
        List<String> updates = updateRanges();
        vm.sortFollowsChangesProperty().set(true);
        vm.sortFollowsProgressProperty().set(false);
        vm.applyProgress(List.of(new ProgressBatch(List.of(new Progress(A, 100L, 1L, null)), T0)));
        assertThat(updates).as("sorted by lifecycle: a new height moves nothing").isEmpty();
        assertThat(vm.row(A).lastPublishedBlock()).isEqualTo(100L);

        vm.sortFollowsProgressProperty().set(true);
        vm.applyProgress(List.of(new ProgressBatch(List.of(new Progress(A, 101L, 1L, null)), T0.plusSeconds(1))));
        assertThat(updates).as("sorted by last block: the row is re-placed").hasSize(1);
    }

    @Test
    void aStateChangeMovesNoRowUnlessTheOrderUsesTheState() {
        load();
        vm.sortedRows().setComparator(java.util.Comparator.comparing(r -> r.state().lifecycle()));
        List<String> updates = updateRanges();
        vm.sortFollowsChangesProperty().set(true);
        vm.sortFollowsStateProperty().set(false);
        vm.applyAll(List.of(StateBatch.changes(List.of(IndexerState.of(A, LifecycleState.REPAIRING, true)), Set.of(), T0.plusSeconds(1))));
        assertThat(updates).as("sorted by what the state does not move: nothing moves").isEmpty();
        assertThat(vm.row(A).state().lifecycle()).isEqualTo(LifecycleState.REPAIRING);

        vm.sortFollowsStateProperty().set(true);
        vm.applyAll(List.of(StateBatch.changes(List.of(IndexerState.of(B, LifecycleState.SUSPENDED, true)), Set.of(), T0.plusSeconds(2))));
        assertThat(updates).as("sorted by lifecycle: the row is re-placed").hasSize(1);
    }

    @Test
    void healthAloneMovesNoRowUnlessTheOrderUsesHealth() {
        load();
        List<String> updates = updateRanges();
        vm.sortFollowsChangesProperty().set(true);
        vm.sortFollowsHealthProperty().set(false);
        int revision = vm.row(A).revisionProperty().get();
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100))));
        assertThat(updates).as("sorted by lifecycle: a new health moves nothing").isEmpty();
        assertThat(vm.row(A).revisionProperty().get()).as("the row's cells show it").isEqualTo(revision + 1);
        int changes = vm.changesProperty().get();
        // a block streamer's listing moves every stream's updated_at on each poll: not a row change
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 102))));
        assertThat(vm.row(A).streamUpdatedAtSecs()).as("the row holds it; its cell re-reads it each second").isEqualTo(102L);
        assertThat(vm.row(A).revisionProperty().get()).isEqualTo(revision + 1);
        assertThat(vm.changesProperty().get()).as("nothing for summaries or rules to recompute").isEqualTo(changes);

        vm.sortFollowsHealthProperty().set(true);
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 103))));
        assertThat(updates).as("sorted by block stream (which orders by updated_at): re-placed").hasSize(1);
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.STALLED, 104))));
        assertThat(updates).as("sorted by block stream: the row is re-placed").hasSize(2);
        assertThat(vm.row(A).revisionProperty().get()).isEqualTo(revision + 2);

        vm.sortFollowsHealthProperty().set(false);
        vm.setFilter(new FleetFilter("", Set.of(), Set.of(HealthFacet.stream(StreamHealth.STALLED))));
        updates.clear();
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 106))));
        assertThat(updates).as("a health filter may take the row in or out").hasSize(1);
    }

    @Test
    void aChangedRowThatKeepsItsPlaceInTheOrderReSortsNothingAndOneThatMovesIsPlaced() {
        load();
        List<String> updates = updateRanges();
        vm.sortFollowsChangesProperty().set(true);
        // sorted by lifecycle, then account: A, B running, C suspended
        vm.sortedRows().setComparator(java.util.Comparator.comparing((IndexerRow r) -> r.state().lifecycle()).thenComparing(r -> r.id().accountId()));
        assertThat(vm.sortedRows()).extracting(IndexerRow::id).containsExactly(A, B, C);

        vm.applyAll(List.of(StateBatch.changes(List.of(IndexerState.of(B, LifecycleState.RUNNING, false)), Set.of(), T0.plusSeconds(1))));
        assertThat(updates).as("B disabled but still running: its place holds, nothing is re-sorted").isEmpty();
        assertThat(vm.row(B).state().enabled()).isFalse();

        vm.applyAll(List.of(StateBatch.changes(List.of(IndexerState.of(A, LifecycleState.REPAIRING, true)), Set.of(), T0.plusSeconds(2))));
        assertThat(updates).as("A repairing: it moves").isNotEmpty();
        assertThat(vm.sortedRows()).extracting(IndexerRow::id).containsExactly(B, C, A);
    }

    @Test
    void aJumpMovesTheAtLeastMomentOfRowsNotKnownToHaveBegunWithoutUpdatingThemOneByOne() {
        Instant t1 = T0.plus(java.time.Duration.ofHours(3));
        List<Object> fleet = List.of(StateBatch.full(List.of(
                IndexerState.of(A, LifecycleState.RUNNING, true),
                IndexerState.of(B, LifecycleState.RUNNING, true),
                IndexerState.of(C, LifecycleState.SUSPENDED, false)), t1));
        // a rewound frame: C's lifecycle began 10 minutes before, the others earlier than the look (an hour) reaches
        vm.applyFrame(fleet, java.util.Map.of(C, t1.minusSeconds(600)), t1, t1.minusSeconds(3600));
        assertThat(vm.row(A).stateSince()).isEqualTo(t1.minusSeconds(3600));
        assertThat(vm.row(A).stateSinceExact()).isFalse();
        assertThat(vm.row(C).stateSince()).isEqualTo(t1.minusSeconds(600));
        assertThat(vm.row(C).stateSinceExact()).isTrue();
        int revisionA = vm.row(A).revisionProperty().get();
        List<Instant> shownA = new ArrayList<>();
        vm.row(A).stateSinceProperty().addListener((o, was, now) -> shownA.add(now));

        // a minute later: nothing changed but the moment, so the look back moved with it
        Instant t2 = t1.plusSeconds(60);
        vm.applyFrame(List.of(), java.util.Map.of(C, t1.minusSeconds(600)), t2, t2.minusSeconds(3600));
        assertThat(vm.row(A).stateSince()).isEqualTo(t2.minusSeconds(3600));
        assertThat(vm.row(B).stateSince()).isEqualTo(t2.minusSeconds(3600));
        assertThat(shownA).as("what the \"in state\" cell shows follows").containsExactly(t2.minusSeconds(3600));
        assertThat(vm.row(A).revisionProperty().get()).as("but the row is not updated").isEqualTo(revisionA);

        // A is then seen to begin its state: exact, and no longer moved by the look back
        vm.applyFrame(List.of(), java.util.Map.of(A, t2.minusSeconds(30)), t2.plusSeconds(60), t2.minusSeconds(3540));
        assertThat(vm.row(A).stateSince()).isEqualTo(t2.minusSeconds(30));
        assertThat(vm.row(A).stateSinceExact()).isTrue();
        assertThat(vm.row(B).stateSince()).isEqualTo(t2.minusSeconds(3540));
    }

    @Test
    void aTableSortedByTimeInStateStaysSortedWhenTheSharedMomentMovesPastOtherRows() {
        Instant t1 = T0.plus(java.time.Duration.ofHours(3));
        vm.sortFollowsChangesProperty().set(true);
        vm.sortedRows().setComparator(java.util.Comparator.comparing(IndexerRow::stateSince));
        // near where the history starts: nothing is known before the moment, so A and B are "at least since" it
        vm.applyFrame(List.of(StateBatch.full(List.of(
                IndexerState.of(A, LifecycleState.RUNNING, true),
                IndexerState.of(B, LifecycleState.RUNNING, true),
                IndexerState.of(C, LifecycleState.SUSPENDED, false)), t1)), java.util.Map.of(C, t1.minusSeconds(600)), t1, null);
        assertThat(vm.sortedRows().getFirst().id()).isEqualTo(C);

        // further on, the look reaches an hour back: A and B have been in their state longer than C
        vm.applyFrame(List.of(), java.util.Map.of(C, t1.minusSeconds(600)), t1.plusSeconds(60), t1.minusSeconds(3540));
        assertThat(vm.sortedRows()).extracting(IndexerRow::id).endsWith(C);
    }

    @Test
    void healthThatArrivesBeforeTheStateIsKept() {
        vm.applyHealth(List.of(new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(A, "e", 1, ExecutorHealth.FAILING)), true, T0)));
        load();
        assertThat(vm.row(A).executorHealth()).isEqualTo(ExecutorHealth.FAILING);
    }

    @Test
    void aChangedRowFiresOneUpdatePerBatchGroup() {
        load();
        List<Integer> revisions = new ArrayList<>();
        vm.row(A).revisionProperty().addListener((o, a, b) -> revisions.add(b.intValue()));
        vm.applyHealth(List.of(
                streams(false, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100)),
                streams(false, new StreamStatus(A, "s1", 1, StreamHealth.STALLED, 101)),
                new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(A, "e", 1, ExecutorHealth.RUNNING)), false, T0)));
        assertThat(revisions).hasSize(1);
        assertThat(vm.row(A).streamHealth()).isEqualTo(StreamHealth.STALLED);
    }

    @Test
    void progressCountsPublishedBlocksAndRemembersWhenTheBlockLastMoved() {
        load();
        vm.applyProgress(List.of(new ProgressBatch(List.of(new Progress(A, 100L, 3L, null), new Progress(B, 50L, 0L, null)), T0)));
        assertThat(vm.blocksPublished()).isZero();
        vm.applyProgress(List.of(new ProgressBatch(List.of(new Progress(A, 110L, 4L, null), new Progress(B, 50L, 0L, null)), T0.plusSeconds(10))));
        assertThat(vm.blocksPublished()).isEqualTo(10);
        assertThat(vm.row(A).lastBlockChangedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(vm.row(B).lastBlockChangedAt()).as("a block never seen to change has not moved").isNull();
        assertThat(vm.row(A).queueDepth()).isEqualTo(4L);
    }

    @Test
    void filtersCombineTextLifecycleAndHealth() {
        load();
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100), new StreamStatus(B, "s2", 1, StreamHealth.STALLED, 90))));
        vm.healthFilter().add(HealthFacet.stream(StreamHealth.STALLED));
        assertThat(vm.sortedRows()).extracting(IndexerRow::id).containsExactly(B);
        // A row that stalls later appears without re-filtering by hand.
        vm.applyHealth(List.of(streams(false, new StreamStatus(A, "s1", 1, StreamHealth.STALLED, 120))));
        assertThat(vm.sortedRows()).extracting(IndexerRow::id).containsExactlyInAnyOrder(A, B);

        vm.setFilter(new FleetFilter("", Set.of(LifecycleState.SUSPENDED, LifecycleState.RUNNING), Set.of(HealthFacet.stream(StreamHealth.UNKNOWN))));
        assertThat(vm.sortedRows()).extracting(IndexerRow::id).containsExactly(C);
        vm.setFilter(new FleetFilter("words.v2", Set.of(), Set.of()));
        assertThat(vm.sortedRows()).extracting(IndexerRow::id).containsExactly(B);
        vm.setFilter(FleetFilter.NONE);
        assertThat(vm.sortedRows()).hasSize(3);
        assertThat(vm.lifecycleFilter()).isEmpty();
    }

    @Test
    void savedFiltersRoundTripAndSkipGarbage() {
        var prefs = new MemoryPreferences();
        SavedFilters store = new SavedFilters(prefs);
        FleetFilter f = new FleetFilter("near, \"x\"", Set.of(LifecycleState.REPAIRING), Set.of(HealthFacet.executor(ExecutorHealth.FAILING)));
        store.save("broken ones", f);
        prefs.put("garbage", "no\nSUCH_STATE\n");
        assertThat(store.all()).containsOnlyKeys("broken ones");
        assertThat(store.all().get("broken ones")).isEqualTo(f);
        store.remove("broken ones");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void aBlockStreamerThatStopsAnsweringLeavesStreamHealthUnknownNotTheLastValue() {
        load();
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.RUNNING, 100))));
        assertThat(vm.row(A).streamHealth()).isEqualTo(StreamHealth.RUNNING);
        vm.sourceStatus(new SourceStatus(Source.BLOCK_STREAMER, ConnectionState.RECONNECTING, T0.plusSeconds(5), T0,
                T0.plusSeconds(6), "polling every 5 s", "no answer within 5 s"));
        assertThat(vm.row(A).streamHealth()).isEqualTo(StreamHealth.UNKNOWN);
        vm.applyHealth(List.of(streams(true, new StreamStatus(A, "s1", 1, StreamHealth.STALLED, 120))));
        assertThat(vm.row(A).streamHealth()).isEqualTo(StreamHealth.STALLED);
        vm.sourceStatus(new SourceStatus(Source.RUNNER, ConnectionState.CONNECTED, T0, T0, null, "polling every 5 s", null));
        assertThat(vm.row(A).streamHealth()).as("another source answering changes nothing").isEqualTo(StreamHealth.STALLED);
    }
}
