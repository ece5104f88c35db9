package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryRecorder;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.RecorderSettings;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditLog;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console and the headless recorder share one store: while the recorder writes it the console
 * only reads; once the recorder is gone the console records, starting from the fleet it observed
 * meanwhile, so nothing it saw is missing.
 */
class SessionHistoryTest {

    private static final IndexerId A = new IndexerId("ops.near", "a");
    private static final IndexerId B = new IndexerId("ops.near", "b");

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // another test started JavaFX in this JVM
        }
    }

    @Test
    void readsWhileAnotherRecorderIsLiveThenTakesOverFromWhatItObserved() throws Exception {
        StoreLocation location = StoreLocation.sqlite(dir.resolve("shared.db"));
        HistoryStore otherStore = HistoryStore.open(location);
        HistoryRecorder other = new HistoryRecorder(otherStore, RecorderSettings.defaults(), Clock.systemUTC()).start();

        SessionHistory console = new SessionHistory(location, new AuditLog(dir.resolve("audit.jsonl")), "p", true, Clock.systemUTC(),
                Duration.ofMillis(200));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> console.store() != null);
            Instant seen = Instant.now();
            console.onStates(StateBatch.full(List.of(IndexerState.of(A, LifecycleState.RUNNING, true),
                    IndexerState.of(B, LifecycleState.SUSPENDED, false)), seen));
            await().atMost(Duration.ofSeconds(5)).until(() -> console.statusProperty().get().mode() == SessionHistory.Mode.READING);
            assertThat(console.recording()).isFalse();
            assertThat(console.statusProperty().get().text()).contains("read only").contains("the recorder on");

            other.close();
            otherStore.close();

            await().atMost(Duration.ofSeconds(10)).until(console::recording);
            await().atMost(Duration.ofSeconds(10)).until(() -> console.statusProperty().get().mode() == SessionHistory.Mode.RECORDING);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Map<IndexerId, IndexerRecord> now = new HistoryQueries(console.store()).fleetAt(Instant.now()).indexers();
                return now.containsKey(A) && now.containsKey(B);
            });
            Map<IndexerId, IndexerRecord> fleet = new HistoryQueries(console.store()).fleetAt(Instant.now()).indexers();
            assertThat(fleet.get(A).lifecycle()).isEqualTo(LifecycleState.RUNNING);
            assertThat(fleet.get(B).lifecycle()).isEqualTo(LifecycleState.SUSPENDED);

            // from then on what it observes is recorded as it comes
            console.onStates(StateBatch.changes(List.of(IndexerState.of(A, LifecycleState.REPAIRING, true)), Set.of(), Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> new HistoryQueries(console.store()).fleetAt(Instant.now()).indexers()
                    .get(A).lifecycle() == LifecycleState.REPAIRING);
        } finally {
            console.close();
            assertThat(console.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
    }
}
