package dev.watchkeeper.history;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The fleet-wide reads of a window: changes with before and after, commands, when lifecycles began, a live recorder. */
class WindowQueriesTest {

    private static final IndexerId A = new IndexerId("ops.near", "a");
    private static final IndexerId B = new IndexerId("ops.near", "b");

    @TempDir
    Path dir;

    @Test
    void aWindowListsEachChangeWithItsBeforeAndAfterTheCommandsAndWhenLifecyclesBegan() {
        SteppingClock clock = SteppingClock.manual(1_000);
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("w.db")))) {
            HistoryRecorder rec = new HistoryRecorder(store, RecorderSettings.defaults().withSampleInterval(Duration.ZERO), clock).start();
            WindowQueries w = new WindowQueries(store);
            assertThat(w.liveRecorder(clock.instant())).as("its own session is live").isNotNull();

            rec.onStates(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true)), clock.instant()));
            clock.advance(1_000); // 2000: B joins
            rec.onStates(StateBatch.changes(List.of(IndexerState.of(B, LifecycleState.INITIALIZING, true)), Set.of(), clock.instant()));
            clock.advance(1_000); // 3000: A suspended by a command
            rec.onCommand(AuditEntry.draft(clock.instant(), "ops", "prod", "Suspend", List.of(A.fullName()), "noisy",
                    AuditOutcome.CONFIRMED, "Suspended"));
            rec.onStates(StateBatch.changes(List.of(IndexerState.of(A, LifecycleState.SUSPENDED, false)), Set.of(), clock.instant()));
            clock.advance(1_000); // 4000: B leaves
            rec.onStates(StateBatch.changes(List.of(), Set.of(B), clock.instant()));
            clock.advance(1_000);
            rec.close();

            List<WindowQueries.Change> changes = w.changes(Instant.ofEpochMilli(1_500), Instant.ofEpochMilli(5_000), 100);
            assertThat(changes).extracting(c -> c.id().functionName() + "@" + c.at().toEpochMilli())
                    .containsExactly("b@2000", "a@3000", "b@4000");
            assertThat(changes.get(0).before()).isNull();
            assertThat(changes.get(1).before().lifecycle()).isEqualTo(LifecycleState.RUNNING);
            assertThat(changes.get(1).after().lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
            assertThat(changes.get(2).before().lifecycle()).isEqualTo(LifecycleState.INITIALIZING);
            assertThat(changes.get(2).after()).isNull();
            assertThat(w.changes(Instant.ofEpochMilli(1_500), Instant.ofEpochMilli(5_000), 1)).hasSize(1);

            assertThat(w.commands(Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(5_000), 10))
                    .extracting(c -> c.entry().command() + " " + c.entry().targets()).containsExactly("Suspend [ops.near/a]");
            assertThat(w.commands(Instant.ofEpochMilli(3_000), Instant.ofEpochMilli(5_000), 10)).isEmpty();

            // A's Suspended began at 3000, B's Initializing when it joined at 2000
            var base = new HistoryQueries(store).fleetAt(Instant.ofEpochMilli(1_500)).indexers();
            assertThat(w.lifecycleChanges(Instant.ofEpochMilli(1_500), Instant.ofEpochMilli(3_500), base))
                    .isEqualTo(java.util.Map.of(A, Instant.ofEpochMilli(3_000), B, Instant.ofEpochMilli(2_000)));
            assertThat(w.lifecycleChanges(Instant.ofEpochMilli(1_500), Instant.ofEpochMilli(3_500), null))
                    .as("nothing known before the window: first appearances are not transitions").isEmpty();

            assertThat(w.liveRecorder(clock.instant())).as("closed cleanly").isNull();
        }
    }

    @Test
    void aLifecycleKeyIsRecognisedInPlaceAsTheKeyItWouldMake() {
        IndexerRecord running = IndexerRecord.empty(A).withState(IndexerState.of(A, LifecycleState.RUNNING, true));
        IndexerRecord oddRaw = IndexerRecord.empty(A).withState(new IndexerState(A, LifecycleState.UNKNOWN, "Odd/Raw", true, null, null, null));
        IndexerRecord noRaw = IndexerRecord.empty(A).withState(new IndexerState(A, LifecycleState.UNKNOWN, null, true, null, null, null));
        IndexerRecord gone = IndexerRecord.empty(A).withStream(dev.watchkeeper.model.StreamHealth.RUNNING, 1L);
        List<IndexerRecord> records = java.util.Arrays.asList(running, oddRaw, noRaw, gone, null);
        for (IndexerRecord r : records) {
            for (IndexerRecord other : records) {
                assertThat(WindowQueries.isLifecycleKey(WindowQueries.lifecycleKey(other), r)).as("%s against %s", r, other)
                        .isEqualTo(java.util.Objects.equals(WindowQueries.lifecycleKey(other), WindowQueries.lifecycleKey(r)));
            }
        }
        assertThat(WindowQueries.isLifecycleKey("RUNNING/Runnin", running)).isFalse();
    }
}
