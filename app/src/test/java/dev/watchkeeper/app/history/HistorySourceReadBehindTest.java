package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryEvent;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.StoreLocation;
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
 * While nothing is asked for, the reader reads ahead the stretches before the cursor's start (each a
 * keyframe and its changes), so that a step back across a keyframe finds them in memory instead of
 * reading a keyframe and its changes from the store in the step; every moment still shows what a
 * fresh rewind shows.
 */
class HistorySourceReadBehindTest extends ApplicationTest {

    private static final long T0 = OpsFleetRun.T0;

    @TempDir
    Path dir;

    @Override
    public void start(Stage stage) {
    }

    @Test
    void stepsBackAcrossKeyframesFindTheStretchesBeforeTheCursorsStartReadAhead() {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("behind.db")))) {
            long session = store.beginSession(T0);
            List<HistoryEvent> run = OpsFleetRun.run(11, 21_600, 600, false);
            for (int i = 0; i < run.size(); i += 500) {
                List<HistoryEvent> batch = run.subList(i, Math.min(run.size(), i + 500));
                store.write(batch, session, batch.getLast().atMs(), 0);
            }
            List<HistoryFrame> frames = new CopyOnWriteArrayList<>();
            HistorySource source = new HistorySource(() -> store, frames::add, m -> { });
            HistoryQueries q = new HistoryQueries(store);
            try {
                // just after a keyframe: the cursor starts there, and the next steps back cross it
                Instant at = Instant.ofEpochMilli(T0 + Duration.ofMinutes(150).plusSeconds(20).toMillis());
                for (int i = 0; i < 25; i++, at = at.minus(Duration.ofMinutes(1))) {
                    int before = frames.size();
                    source.request(at, true);
                    await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() == before + 1);
                    assertThat(frames.getLast().fleet()).as("fleet at %s", at).isEqualTo(q.fleetAt(at).indexers());
                    Instant reach = at.minus(HistorySource.AHEAD);
                    await().atMost(Duration.ofSeconds(20)).alias("held from the ten minutes before " + at)
                            .until(() -> !source.cursorHeldFrom().isAfter(reach));
                }
            } finally {
                source.close();
            }
        }
    }

    /** Closed (history left, profile switched) while it reads ahead: what comes after is not read, and nothing fails. */
    @Test
    void afterCloseNothingIsReadAndNothingFails() {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("closed.db")))) {
            long session = store.beginSession(T0);
            List<HistoryEvent> run = OpsFleetRun.run(11, 21_600, 600, false).subList(0, 3_000);
            store.write(run, session, run.getLast().atMs(), 0);
            List<HistoryFrame> frames = new CopyOnWriteArrayList<>();
            HistorySource source = new HistorySource(() -> store, frames::add, m -> { });
            source.request(Instant.ofEpochMilli(T0 + 1_000_000), true);
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() == 1);
            source.close();
            source.request(Instant.ofEpochMilli(T0 + 900_000), true);
            source.reset();
            assertThat(frames).hasSize(1);
        }
    }
}
