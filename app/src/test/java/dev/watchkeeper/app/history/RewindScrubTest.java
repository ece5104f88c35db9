package dev.watchkeeper.app.history;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.history.HistoryEvent;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.StreamHealth;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scrubbing the time bar updates only the rows that differ from the moment before (the reader hands
 * the changed indexers, the table re-checks only them), and every scrubbed moment still shows exactly
 * what a fresh rewind to it shows: lifecycle, health, progress and "in state".
 */
class RewindScrubTest extends ApplicationTest {

    private static final long T0 = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final LifecycleState[] STATES = {LifecycleState.RUNNING, LifecycleState.SUSPENDED, LifecycleState.REPAIRING};
    private static final StreamHealth[] STREAMS = {StreamHealth.RUNNING, StreamHealth.STALLED, StreamHealth.WAITING};
    private static final ExecutorHealth[] EXECUTORS = {ExecutorHealth.RUNNING, ExecutorHealth.FAILING, ExecutorHealth.STALLED};
    private static final int INDEXERS = 30;
    private static final int QUIET = 5;

    @TempDir
    Path dir;

    @Override
    public void start(Stage stage) {
    }

    /** What a row shows. */
    private record Shown(IndexerState state, StreamHealth stream, long streamSecs, ExecutorHealth executor, Long block, Long queue,
                         Instant since, boolean exact) {
    }

    /**
     * Three hours of 30 busy indexers, a change every second: lifecycles change every few minutes (so
     * each of their rows' "in state" is exact within the look), health, progress, and now and then a
     * stream that disappears and comes back; and 5 quiet ones whose lifecycle never changes.
     */
    private static List<HistoryEvent> run() {
        Random r = new Random(11);
        Map<IndexerId, IndexerRecord> live = new HashMap<>();
        List<HistoryEvent> out = new ArrayList<>();
        for (int i = 0; i < INDEXERS + QUIET; i++) {
            IndexerId id = new IndexerId("ops.near", i < INDEXERS ? "f" + i : "quiet" + (i - INDEXERS));
            IndexerRecord rec = IndexerRecord.empty(id).withState(IndexerState.of(id, LifecycleState.RUNNING, true))
                    .withStream(StreamHealth.RUNNING, T0 / 1000).withExecutor(ExecutorHealth.RUNNING);
            live.put(id, rec);
            out.add(new HistoryEvent.IndexerChange(T0, rec));
        }
        out.add(new HistoryEvent.Keyframe(T0, live.values()));
        for (int n = 1; n <= 3 * 3600; n++) {
            long at = T0 + n * 1000L;
            boolean quiet = n % 20 == 0;
            IndexerId id = new IndexerId("ops.near", quiet ? "quiet" + r.nextInt(QUIET) : "f" + r.nextInt(INDEXERS));
            IndexerRecord before = live.get(id);
            // the quiet ones only make progress: their lifecycle began before any look reaches
            IndexerRecord after = quiet ? before.withProgress(new Progress(id, (long) n, 0L, null)) : switch (r.nextInt(5)) {
                case 0 -> before.withState(IndexerState.of(id, STATES[r.nextInt(STATES.length)], r.nextBoolean()));
                case 1 -> before.streamHealth() == null || r.nextInt(10) > 0
                        ? before.withStream(STREAMS[r.nextInt(STREAMS.length)], at / 1000) : before.withStream(null, null);
                case 2 -> before.withExecutor(EXECUTORS[r.nextInt(EXECUTORS.length)]);
                default -> before.withProgress(new Progress(id, (long) n, (long) r.nextInt(9), null));
            };
            live.put(id, after);
            out.add(new HistoryEvent.IndexerChange(at, after));
            if (n % 1_000 == 0) {
                out.add(new HistoryEvent.Keyframe(at, live.values()));
            }
        }
        return out;
    }

    private static Map<IndexerId, Shown> shown(RewindModel m) {
        Map<IndexerId, Shown> out = new HashMap<>();
        for (IndexerRow row : m.fleet().allRows()) {
            out.put(row.id(), new Shown(row.state(), row.streamHealth(), row.streamUpdatedAtSecs(), row.executorHealth(),
                    row.lastPublishedBlock(), row.queueDepth(), row.stateSince(), row.stateSinceExact()));
        }
        return out;
    }

    private static Map<IndexerId, Integer> revisions(RewindModel m) {
        Map<IndexerId, Integer> out = new HashMap<>();
        m.fleet().allRows().forEach(row -> out.put(row.id(), row.revisionProperty().get()));
        return out;
    }

    private void rewind(RewindModel m, Instant t) throws Exception {
        interact(() -> m.rewindTo(t));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> t.equals(m.shownAtProperty().get())));
    }

    @Test
    void eachScrubStepUpdatesOnlyTheRowsThatDifferAndShowsWhatAFreshRewindShows() throws Exception {
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(dir.resolve("scrub.db")))) {
            long session = store.beginSession(T0);
            List<HistoryEvent> run = run();
            for (int i = 0; i < run.size(); i += 500) {
                List<HistoryEvent> batch = run.subList(i, Math.min(run.size(), i + 500));
                store.write(batch, session, batch.getLast().atMs(), 0);
            }
            List<Instant> moments = new ArrayList<>();
            long t = T0 + Duration.ofMinutes(100).toMillis();
            for (int i = 0; i < 25; i++) {
                moments.add(Instant.ofEpochMilli(t += 60_000));
            }
            for (int i = 0; i < 25; i++) {
                moments.add(Instant.ofEpochMilli(t -= 37_000));
            }
            RewindModel scrubbed = fx(() -> new RewindModel(() -> store));
            try {
                rewind(scrubbed, Instant.ofEpochMilli(T0 + Duration.ofMinutes(100).toMillis()));
                Map<IndexerId, Shown> before = fx(() -> shown(scrubbed));
                Map<IndexerId, Integer> revisionsBefore = fx(() -> revisions(scrubbed));
                int partial = 0;
                for (Instant at : moments) {
                    rewind(scrubbed, at);
                    Map<IndexerId, Shown> now = fx(() -> shown(scrubbed));
                    Map<IndexerId, Integer> revisionsNow = fx(() -> revisions(scrubbed));

                    RewindModel fresh = fx(() -> new RewindModel(() -> store));
                    try {
                        rewind(fresh, at);
                        assertThat(now).as("scrubbed to %s", at).isEqualTo(fx(() -> shown(fresh)));
                    } finally {
                        interact(fresh::close);
                    }
                    Set<IndexerId> differ = new HashSet<>();
                    Set<IndexerId> updated = new HashSet<>();
                    for (IndexerId id : now.keySet()) {
                        // a row known only "at least since" the look back moves with it without being updated
                        Shown was = before.get(id);
                        Shown is = now.get(id);
                        // what moves without a row update: the shared "at least since" of rows not known to have
                        // begun (the look back), and a stream's updated_at alone (its cell re-reads it on its tick)
                        boolean unchangedRow = was != null && was.stream() == is.stream()
                                && new Shown(was.state(), was.stream(), is.streamSecs(), was.executor(), was.block(), was.queue(),
                                !was.exact() && !is.exact() ? is.since() : was.since(), was.exact()).equals(is);
                        if (!is.equals(was) && !unchangedRow) {
                            differ.add(id);
                        }
                        if (!revisionsNow.get(id).equals(revisionsBefore.get(id))) {
                            updated.add(id);
                        }
                    }
                    assertThat(updated).as("rows updated stepping to %s", at).isEqualTo(differ);
                    if (differ.size() < now.size()) {
                        partial++;
                    }
                    before = now;
                    revisionsBefore = revisionsNow;
                }
                assertThat(partial).as("steps that left some rows alone").isGreaterThan(moments.size() / 2);
                assertThat(fx(() -> scrubbed.fleet().allRows().stream().filter(r -> !r.stateSinceExact()).count()))
                        .as("the quiet ones are known only at least since the look back").isEqualTo((long) QUIET);
            } finally {
                interact(scrubbed::close);
            }
        }
    }
}
