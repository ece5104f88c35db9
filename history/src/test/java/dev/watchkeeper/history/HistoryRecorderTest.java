package dev.watchkeeper.history;

import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HistoryRecorderTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private HistoryStore store() {
        HistoryStore s = HistoryStore.open(StoreLocation.sqlite(dir.resolve("h.db")));
        open.add(s);
        return s;
    }

    private HistoryRecorder recorder(HistoryStore store, RecorderSettings settings, java.time.Clock clock) {
        HistoryRecorder r = new HistoryRecorder(store, settings, clock).start();
        open.add(r);
        return r;
    }

    private static IndexerId id(int i) {
        return new IndexerId("ops.near", "f" + i);
    }

    private static List<IndexerState> fleet(int n, LifecycleState state) {
        List<IndexerState> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(IndexerState.of(id(i), state, true));
        }
        return out;
    }

    @Test
    void whatTheListenerSeesIsWhatARewindShows() {
        HistoryStore store = store();
        SteppingClock clock = SteppingClock.strictlyIncreasing();
        HistoryRecorder rec = recorder(store, RecorderSettings.defaults().withSampleInterval(Duration.ZERO), clock);
        rec.onStates(StateBatch.full(fleet(20, LifecycleState.RUNNING), clock.instant()));
        rec.onHealth(new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(id(3), "x3", 1, ExecutorHealth.FAILING)), true, clock.instant()));
        rec.onProgress(new ProgressBatch(List.of(new Progress(id(4), 1234L, 7L, null)), clock.instant()));
        rec.onStatus(new SourceStatus(Source.REDIS, ConnectionState.CONNECTED, clock.instant(), clock.instant(), null, "live", null));
        Instant afterFirst = clock.instant();
        rec.onStates(StateBatch.changes(List.of(IndexerState.of(id(3), LifecycleState.SUSPENDED, false)), Set.of(id(5)), clock.instant()));
        rec.onCommand(AuditEntry.draft(clock.instant(), "ops", "prod", "Suspend", List.of(id(3).fullName()), "failing", AuditOutcome.CONFIRMED, "Suspended"));
        Instant afterSecond = clock.instant();
        rec.close();

        HistoryQueries q = new HistoryQueries(store);
        FleetAt first = q.fleetAt(afterFirst);
        assertThat(first.indexers()).hasSize(20);
        assertThat(first.indexers().get(id(3)).executorHealth()).isEqualTo(ExecutorHealth.FAILING);
        assertThat(first.indexers().get(id(4)).lastPublishedBlock()).isEqualTo(1234L);
        assertThat(first.sources().get(Source.REDIS).state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(first.keyframeAt()).as("the first full snapshot makes a keyframe").isNotNull();
        FleetAt second = q.fleetAt(afterSecond);
        assertThat(second.indexers()).hasSize(19).doesNotContainKey(id(5));
        assertThat(second.indexers().get(id(3)).lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
        assertThat(second.indexers().get(id(3)).executorHealth()).as("other parts stay").isEqualTo(ExecutorHealth.FAILING);
        assertThat(q.commands(id(3), Instant.EPOCH, afterSecond)).hasSize(1);
        assertThat(rec.stats().dropped()).isZero();
    }

    @Test
    void whenTheDiskCannotKeepUpDroppedChangesAreCountedAndRecordedAsAGapThenAKeyframeRestoresTheFleet() {
        HistoryStore store = store();
        SteppingClock clock = SteppingClock.strictlyIncreasing();
        HistoryRecorder rec = recorder(store, RecorderSettings.defaults().withSampleInterval(Duration.ZERO).withQueueCapacity(16), clock);
        rec.onStates(StateBatch.full(fleet(50, LifecycleState.RUNNING), clock.instant()));
        for (int n = 0; n < 20_000; n++) {
            rec.onProgress(new ProgressBatch(List.of(new Progress(id(n % 50), (long) n, 0L, null)), clock.instant()));
        }
        assertThat(rec.stats().dropped()).as("a 16-entry queue cannot take 20,000 changes at once").isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> rec.stats().queued() == 0
                && !new HistoryQueries(store).gaps(0, Long.MAX_VALUE).isEmpty());
        Instant end = clock.instant();
        long dropped = rec.stats().dropped();
        rec.close();
        HistoryQueries q = new HistoryQueries(store);
        assertThat(q.gaps(0, Long.MAX_VALUE)).anySatisfy(g -> assertThat(g.reason()).endsWith("changes were dropped: the history store could not keep up"));
        assertThat(q.fleetAt(end).indexers().get(id(19_999 % 50)).lastPublishedBlock()).isEqualTo(19_999L);
        assertThat(store.sizeBytes()).isPositive();
        assertThat(dropped).isEqualTo(rec.stats().dropped());
    }

    @Test
    void fastMovingCountersAreSampledButNeverLeftBehind() {
        HistoryStore store = store();
        SteppingClock clock = SteppingClock.manual(Instant.parse("2026-11-30T03:00:00Z").toEpochMilli());
        HistoryRecorder rec = recorder(store, RecorderSettings.defaults(), clock);
        rec.onStates(StateBatch.full(fleet(1, LifecycleState.RUNNING), clock.instant()));
        rec.onProgress(new ProgressBatch(List.of(new Progress(id(0), 100L, 1L, null)), clock.instant()));
        Instant first = clock.instant();
        clock.advance(1000);
        rec.onProgress(new ProgressBatch(List.of(new Progress(id(0), 101L, 1L, null)), clock.instant()));
        clock.advance(1000);
        rec.onProgress(new ProgressBatch(List.of(new Progress(id(0), 102L, 1L, null)), clock.instant()));
        clock.advance(1000);
        rec.onStates(StateBatch.changes(List.of(IndexerState.of(id(0), LifecycleState.SUSPENDED, false)), Set.of(), clock.instant()));
        Instant suspended = clock.instant();
        HistoryQueries q = new HistoryQueries(store);
        await().until(() -> rec.stats().queued() == 0 && q.fleetAt(suspended).indexers().get(id(0)).lifecycle() == LifecycleState.SUSPENDED);
        assertThat(q.fleetAt(first).indexers().get(id(0)).lastPublishedBlock()).isEqualTo(100L);
        assertThat(q.fleetAt(suspended).indexers().get(id(0)).lastPublishedBlock()).as("a state change carries the counters").isEqualTo(102L);
        clock.advance(1000);
        rec.onProgress(new ProgressBatch(List.of(new Progress(id(0), 103L, 0L, null)), clock.instant()));
        clock.advance(31_000);
        Instant later = clock.instant();
        await().until(() -> q.fleetAt(later).indexers().get(id(0)).lastPublishedBlock() == 103L);
        assertThat(q.indexerHistory(id(0), Instant.EPOCH, later, 100)).as("fewer rows than changes").hasSizeLessThan(6);
    }

    @Test
    void aRestartedRecorderContinuesFromTheStoredFleetAndRecordsOnlyWhatChanged() {
        HistoryStore store = store();
        SteppingClock clock = SteppingClock.strictlyIncreasing();
        HistoryRecorder first = recorder(store, RecorderSettings.defaults(), clock);
        first.onStates(StateBatch.full(fleet(30, LifecycleState.RUNNING), clock.instant()));
        first.close();
        long before = new HistoryQueries(store).counts().get("indexer_event");
        HistoryRecorder second = recorder(store, RecorderSettings.defaults(), clock);
        List<IndexerState> now = new ArrayList<>(fleet(30, LifecycleState.RUNNING));
        now.removeIf(s -> s.id().equals(id(7)));
        second.onStates(StateBatch.full(now, clock.instant()));
        Instant after = clock.instant();
        second.close();
        HistoryQueries q = new HistoryQueries(store);
        assertThat(q.counts().get("indexer_event") - before).as("only the removal").isEqualTo(1);
        assertThat(q.fleetAt(after).indexers()).hasSize(29).doesNotContainKey(id(7));
        assertThat(q.gaps(0, Long.MAX_VALUE)).extracting(HistoryEvent.Gap::reason).containsExactly("not recording");
    }
}
