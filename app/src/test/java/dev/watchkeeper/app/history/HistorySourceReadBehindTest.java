package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryEvent;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    private static final long T0 = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final LifecycleState[] STATES = {LifecycleState.RUNNING, LifecycleState.SUSPENDED, LifecycleState.REPAIRING};

    @TempDir
    Path dir;

    @Override
    public void start(Stage stage) {
    }

    /** Three hours of 40 indexers: a change every 0.5 s, a keyframe every 600 changes (5 minutes). */
    private static List<HistoryEvent> run() {
        Random r = new Random(11);
        Map<IndexerId, IndexerRecord> live = new HashMap<>();
        List<HistoryEvent> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            IndexerId id = new IndexerId("ops.near", "f" + i);
            IndexerRecord rec = IndexerRecord.empty(id).withState(IndexerState.of(id, LifecycleState.RUNNING, true));
            live.put(id, rec);
            out.add(new HistoryEvent.IndexerChange(T0, rec));
        }
        out.add(new HistoryEvent.Keyframe(T0, live.values()));
        for (int n = 1; n <= 21_600; n++) {
            long at = T0 + n * 500L;
            IndexerId id = new IndexerId("ops.near", "f" + r.nextInt(40));
            IndexerRecord before = live.get(id);
            IndexerRecord after = r.nextInt(3) == 0
                    ? before.withState(IndexerState.of(id, STATES[r.nextInt(STATES.length)], true))
                    : before.withProgress(new Progress(id, (long) n, 0L, null));
            live.put(id, after);
            out.add(new HistoryEvent.IndexerChange(at, after));
            if (n % 600 == 0) {
                out.add(new HistoryEvent.Keyframe(at, live.values()));
            }
        }
        return out;
    }

    @Test
    void stepsBackAcrossKeyframesFindTheStretchesBeforeTheCursorsStartReadAhead() {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("behind.db")))) {
            long session = store.beginSession(T0);
            List<HistoryEvent> run = run();
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
            List<HistoryEvent> run = run().subList(0, 3_000);
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
