package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryEvent;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Playing through a recorded gap: what happened in the gap is unknown, so after it no lifecycle is
 * shown as exactly "in state since" a moment before the gap, only "at least since" its end.
 */
class HistorySourceGapTest extends ApplicationTest {

    private static final long T0 = Instant.parse("2026-11-30T03:00:00Z").toEpochMilli();
    private static final IndexerId A = new IndexerId("ops.near", "a");
    private static final IndexerId B = new IndexerId("ops.near", "b");

    @TempDir
    Path dir;

    @Override
    public void start(Stage stage) {
    }

    private static IndexerRecord as(IndexerId id, LifecycleState s) {
        return IndexerRecord.empty(id).withState(IndexerState.of(id, s, true));
    }

    @Test
    void aStepAcrossAGapKnowsLifecyclesOnlySinceTheGapEnded() {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("gap.db")))) {
            long session = store.beginSession(T0);
            store.write(List.of(
                    new HistoryEvent.IndexerChange(T0, as(A, LifecycleState.RUNNING)),
                    new HistoryEvent.IndexerChange(T0, as(B, LifecycleState.RUNNING)),
                    new HistoryEvent.Keyframe(T0, List.of(as(A, LifecycleState.RUNNING), as(B, LifecycleState.RUNNING))),
                    new HistoryEvent.IndexerChange(T0 + 2_000, as(B, LifecycleState.SUSPENDED)),
                    new HistoryEvent.Gap(T0 + 10_000, T0 + 20_000, "not recording"),
                    new HistoryEvent.IndexerChange(T0 + 30_000, as(B, LifecycleState.RUNNING))), session, T0 + 40_000, 0);
            List<HistoryFrame> frames = new CopyOnWriteArrayList<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            HistorySource source = new HistorySource(() -> store, frames::add, errors::add);

            source.request(Instant.ofEpochMilli(T0 + 5_000), true);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 1);
            // a step with no gap: B's suspension was seen, and nothing is "at least"
            source.request(Instant.ofEpochMilli(T0 + 8_000), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 2);
            assertThat(frames.get(1).knownFrom()).isNull();

            // the step across the gap: everyone's lifecycle is known only since the gap ended
            source.request(Instant.ofEpochMilli(T0 + 25_000), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 3);
            HistoryFrame after = frames.get(2);
            assertThat(after.knownFrom()).isEqualTo(Instant.ofEpochMilli(T0 + 20_000));
            assertThat(after.lifecycleSince()).doesNotContainKeys(A, B);

            // B resumes after the gap: that transition is seen, so exact again
            source.request(Instant.ofEpochMilli(T0 + 35_000), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 4);
            assertThat(frames.get(3).knownFrom()).isNull();
            assertThat(frames.get(3).lifecycleSince()).containsEntry(B, Instant.ofEpochMilli(T0 + 30_000));
            assertThat(errors).isEmpty();
        }
    }
}
