package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryEvent;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.history.WindowQueries;
import dev.watchkeeper.model.IndexerId;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scrubbing reuses the lifecycle beginnings it read for the moment before (a span of history held
 * between frames): every moment's "in state since" must still equal a fresh look at the hour before
 * it, stepping forward, back, and jumping away.
 */
class HistorySourceSpanTest extends ApplicationTest {

    private static final long T0 = OpsFleetRun.T0;

    @TempDir
    Path dir;

    @Override
    public void start(Stage stage) {
    }

    @Test
    void everyScrubbedMomentShowsTheSameInStateAsAFreshLook() {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("span.db")))) {
            long session = store.beginSession(T0);
            List<HistoryEvent> run = OpsFleetRun.run(7, 28_800, 1_000, true);
            for (int i = 0; i < run.size(); i += 500) {
                List<HistoryEvent> batch = run.subList(i, Math.min(run.size(), i + 500));
                store.write(batch, session, batch.getLast().atMs(), 0);
            }
            List<HistoryFrame> frames = new CopyOnWriteArrayList<>();
            HistorySource source = new HistorySource(() -> store, frames::add, m -> { });
            List<Long> moments = new ArrayList<>();
            long t = T0 + Duration.ofMinutes(130).toMillis();
            moments.add(t);
            for (int i = 0; i < 100; i++) {
                moments.add(t += 60_000);          // forward, a minute at a time, until the span slides
            }
            for (int i = 0; i < 120; i++) {
                moments.add(t -= 60_000);          // back past the span's start, again and again
            }
            moments.add(t = T0 + Duration.ofMinutes(230).toMillis()); // far away
            moments.add(t - 7_777);
            moments.add(T0 + Duration.ofMinutes(30).toMillis());      // within the first hour: the fleet before it is not known

            HistoryQueries q = new HistoryQueries(store);
            WindowQueries w = new WindowQueries(store);
            for (long at : moments) {
                int before = frames.size();
                source.request(Instant.ofEpochMilli(at), true);
                await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() == before + 1);
                HistoryFrame f = frames.getLast();
                Instant start = f.knownFrom();
                boolean known = start.isAfter(q.historyStart());
                Map<IndexerId, Instant> fresh = w.lifecycleChanges(start, Instant.ofEpochMilli(at),
                        known ? q.fleetAt(start).indexers() : null);
                assertThat(f.lifecycleSince()).as("in state at %s", Instant.ofEpochMilli(at)).isEqualTo(fresh);
                assertThat(fresh).as("the look finds beginnings at %s", Instant.ofEpochMilli(at)).isNotEmpty();
                assertThat(fresh).as("and some indexers began before it at %s", Instant.ofEpochMilli(at)).hasSizeLessThan(40);
            }
        }
    }

    @Test
    void nearTheSpansStartTheStretchBeforeItIsReadAheadWhileNothingIsAskedFor() {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("ahead.db")))) {
            long session = store.beginSession(T0);
            List<HistoryEvent> run = OpsFleetRun.run(7, 28_800, 1_000, true);
            for (int i = 0; i < run.size(); i += 500) {
                List<HistoryEvent> batch = run.subList(i, Math.min(run.size(), i + 500));
                store.write(batch, session, batch.getLast().atMs(), 0);
            }
            List<HistoryFrame> frames = new CopyOnWriteArrayList<>();
            HistorySource source = new HistorySource(() -> store, frames::add, m -> { });
            try {
                Instant at = Instant.ofEpochMilli(T0 + Duration.ofMinutes(150).toMillis());
                source.request(at, true);
                await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() == 1);
                Instant from = source.spanFrom();
                assertThat(from).isEqualTo(at.minus(HistorySource.SINCE_REACH).minus(HistorySource.SPAN_BACK));

                // a look that begins 9 minutes after the span's start: the next steps back will need what lies before it
                Instant back = at.minus(HistorySource.SPAN_BACK).plus(Duration.ofMinutes(9));
                source.request(back, true);
                await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() == 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> from.minus(HistorySource.BACK_STEP).equals(source.spanFrom()));

                // and a step back into it is answered as a fresh look would
                Instant further = back.minus(Duration.ofMinutes(5));
                source.request(further, true);
                await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() == 3);
                HistoryFrame f = frames.getLast();
                assertThat(f.lifecycleSince()).isEqualTo(new WindowQueries(store).lifecycleChanges(f.knownFrom(), further,
                        new HistoryQueries(store).fleetAt(f.knownFrom()).indexers()));
                assertThat(source.spanFrom()).as("no further read").isEqualTo(from.minus(HistorySource.BACK_STEP));
            } finally {
                source.close();
            }
        }
    }
}
