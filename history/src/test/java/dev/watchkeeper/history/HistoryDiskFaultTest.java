package dev.watchkeeper.history;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.StateBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A history store on a full disk or in a data directory that is not one: reported, counted, never thrown at the caller. */
class HistoryDiskFaultTest {

    @TempDir
    Path dir;

    private static List<IndexerState> fleet(int n) {
        List<IndexerState> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(IndexerState.of(new IndexerId("ops.near", "f" + i), LifecycleState.RUNNING, true));
        }
        return out;
    }

    @Test
    void onAFullDiskEveryLostEventIsCountedTheFailureIsReportedAndTheRecorderKeepsTakingEventsAndCloses() throws Exception {
        Path file = dir.resolve("h.db");
        HistoryStore.open(StoreLocation.sqlite(file)).close();
        // SQLite's own limit on the file's pages makes it answer SQLITE_FULL ("database or disk is full")
        // as soon as the store needs one page more, exactly as on a full disk
        long pages = Files.size(file) / 4096;
        HistoryStore store = HistoryStore.open(new StoreLocation("jdbc:sqlite:" + file.toAbsolutePath() + "?max_page_count=" + pages, null, null));
        HistoryRecorder rec = new HistoryRecorder(store, RecorderSettings.defaults().withSampleInterval(Duration.ZERO), Clock.systemUTC()).start();
        try {
            rec.onStates(StateBatch.full(fleet(2_000), Instant.now()));
            for (int n = 0; n < 5_000; n++) {
                rec.onProgress(new ProgressBatch(List.of(new Progress(new IndexerId("ops.near", "f" + (n % 2_000)), (long) n, 0L, null)), Instant.now()));
            }

            // the writer may hold a drained batch it has not yet counted when the queue reads empty: wait for the count
            await().atMost(Duration.ofSeconds(30)).until(() -> rec.stats().lastError() != null && rec.stats().queued() == 0
                    && rec.stats().dropped() >= 2_000);
            assertThat(rec.stats().lastError()).contains("full");
            assertThat(rec.stats().dropped()).as("every event the disk refused is counted").isGreaterThanOrEqualTo(2_000);
            // single small rows still fit in the free bytes of the pages there are (each in its own transaction)
            assertThat(rec.stats().recorded()).as("what fitted in the free bytes of the last pages").isLessThan(400);
        } finally {
            // returns although nothing can be written (the end of the session included: that is reported too)
            rec.close();
            store.close();
        }
        assertThat(rec.stats().lastError()).isNotNull();
    }

    @Test
    void whenSpaceComesBackRecordingResumesWithTheLossOnRecordAndTheFleetWhole() throws Exception {
        Path file = dir.resolve("h.db");
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(file))) {
            HistoryRecorder rec = new HistoryRecorder(store, RecorderSettings.defaults().withSampleInterval(Duration.ZERO), Clock.systemUTC()).start();
            try {
                rec.onStates(StateBatch.full(fleet(200), Instant.now()));
                await().atMost(Duration.ofSeconds(10)).until(() -> rec.stats().queued() == 0 && rec.stats().recorded() > 0);
                // the disk fills up: not one page more
                store.onWriter("PRAGMA max_page_count = " + Files.size(file) / 4096);
                IndexerId changing = new IndexerId("ops.near", "f7");
                for (int n = 0; n < 3_000; n++) {
                    rec.onProgress(new ProgressBatch(List.of(new Progress(new IndexerId("ops.near", "f" + (n % 200)), (long) n, 0L, null)), Instant.now()));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> rec.stats().lastError() != null && rec.stats().dropped() > 0);
                Instant duringTheOutage = Instant.now();

                // space comes back: the next changes are recorded, the loss is a gap, and a keyframe makes the fleet whole
                store.onWriter("PRAGMA max_page_count = 1073741823");
                rec.onStates(StateBatch.changes(List.of(IndexerState.of(changing, LifecycleState.SUSPENDED, false)), java.util.Set.of(), Instant.now()));
                HistoryQueries q = new HistoryQueries(store);
                await().atMost(Duration.ofSeconds(30)).until(() -> rec.stats().lastError() == null
                        && q.fleetAt(Instant.now()).indexers().get(changing).lifecycle() == LifecycleState.SUSPENDED);
                FleetAt now = q.fleetAt(Instant.now());
                assertThat(now.indexers()).hasSize(200);
                assertThat(now.indexers().get(new IndexerId("ops.near", "f199")).lastPublishedBlock()).as("the keyframe brought the lost progress")
                        .isEqualTo(2_999L);
                assertThat(q.gaps(0, Long.MAX_VALUE)).anySatisfy(g -> {
                    assertThat(g.reason()).endsWith("changes were dropped: the history store could not keep up");
                    assertThat(g.toMs()).isGreaterThanOrEqualTo(duringTheOutage.toEpochMilli());
                });
            } finally {
                rec.close();
            }
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedWithAClearMessage() throws Exception {
        Path dataDir = dir.resolve("data");
        Files.writeString(dataDir, "not a directory");

        assertThatThrownBy(() -> HistoryStore.open(StoreLocation.sqlite(dataDir.resolve("history").resolve("prod.db"))))
                .isInstanceOf(HistoryException.class)
                .hasMessage("cannot create the history directory for " + dataDir.resolve("history").resolve("prod.db")
                        + ": " + dataDir.resolve("history") + ": Not a directory");
    }
}
