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

            await().atMost(Duration.ofSeconds(30)).until(() -> rec.stats().lastError() != null && rec.stats().queued() == 0);
            assertThat(rec.stats().lastError()).contains("full");
            assertThat(rec.stats().dropped()).as("every event the disk refused is counted").isGreaterThanOrEqualTo(2_000);
            assertThat(rec.stats().recorded()).as("what fitted in the last free bytes of a page").isLessThan(10);
        } finally {
            // returns although nothing can be written (the end of the session included: that is reported too)
            rec.close();
            store.close();
        }
        assertThat(rec.stats().lastError()).isNotNull();
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
