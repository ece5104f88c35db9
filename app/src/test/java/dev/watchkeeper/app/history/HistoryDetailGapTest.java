package dev.watchkeeper.app.history;

import dev.watchkeeper.app.detail.DetailHistory;
import dev.watchkeeper.app.detail.IndexerDetailViewModel;
import dev.watchkeeper.app.detail.TransitionRow;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rewound detail's lifecycle rows: a state the store saw begin before a recorded gap lasted, as far
 * as anyone knows, until recording stopped, not until the next sighting after the gap.
 */
class HistoryDetailGapTest extends ApplicationTest {

    private static final long T0 = Instant.parse("2026-11-30T05:00:00Z").toEpochMilli();
    private static final IndexerId A = new IndexerId("ops.near", "a");

    @TempDir
    Path dir;

    @Override
    public void start(Stage stage) {
    }

    private static IndexerRecord as(LifecycleState s) {
        return IndexerRecord.empty(A).withState(IndexerState.of(A, s, true));
    }

    @Test
    void aStateFollowedByARecordedGapEndsWhereRecordingStopped() throws Exception {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("detail-gap.db")))) {
            long session = store.beginSession(T0);
            store.write(List.of(
                    new HistoryEvent.IndexerChange(T0, as(LifecycleState.RUNNING)),
                    new HistoryEvent.Keyframe(T0, List.of(as(LifecycleState.RUNNING))),
                    new HistoryEvent.IndexerChange(T0 + 2_000, as(LifecycleState.SUSPENDED)),
                    new HistoryEvent.Gap(T0 + 10_000, T0 + 20_000, "not recording"),
                    new HistoryEvent.IndexerChange(T0 + 30_000, as(LifecycleState.REPAIRING))), session, T0 + 40_000, 0);
            HistorySource source = new HistorySource(() -> store, f -> { }, m -> { });
            try {
                Instant at = Instant.ofEpochMilli(T0 + 40_000);
                AtomicReference<List<TransitionRow>> rows = new AtomicReference<>();
                // as the rewound detail tab builds it
                source.indexer(A, at, 1_000, h -> {
                    DetailHistory details = new DetailHistory();
                    details.track(A);
                    details.recordingStopped(h.gapStarts());
                    details.acceptAll(StoredIndexerBatches.of(h.events()));
                    rows.set(List.copyOf(new IndexerDetailViewModel(A, details, null, Clock.fixed(at, ZoneOffset.UTC)).transitions()));
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> rows.get() != null);

                List<TransitionRow> shown = rows.get();
                assertThat(shown).extracting(r -> r.transition().state().lifecycle())
                        .containsExactly(LifecycleState.REPAIRING, LifecycleState.SUSPENDED, LifecycleState.RUNNING);
                TransitionRow suspended = shown.get(1);
                assertThat(suspended.timeInState()).as("from its beginning to the gap's").isEqualTo(Duration.ofSeconds(8));
                assertThat(suspended.timeText()).endsWith(" until recording stopped");
                assertThat(shown.get(0).timeText()).endsWith(" so far");
                assertThat(shown.get(2).timeInState()).isEqualTo(Duration.ofSeconds(2));
                assertThat(shown.get(2).timeText()).doesNotContain("recording");
            } finally {
                source.close();
            }
        }
    }
}
