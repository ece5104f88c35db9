package dev.watchkeeper.history;

import dev.watchkeeper.connectors.ControlPlaneConnection;
import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.Faults;
import dev.watchkeeper.simulator.SimConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The state shown at T equals the state that was live at T: the simulated control plane runs with
 * chaos, the real connectors feed the recorder and, beside it, a live view (what the console holds)
 * that is copied at known moments; afterwards every copy is compared, indexer by indexer, with the
 * rewound fleet. A subclass per database.
 */
abstract class RecordingContract {

    abstract StoreLocation freshLocation() throws Exception;

    /** A live moment: the fleet and the sources exactly as the listener had them at {@code at}. */
    record Live(Instant at, Map<IndexerId, IndexerRecord> fleet, Map<Source, SourceStatus> sources) {
    }

    /** Hands every event to the recorder and to the live view, and copies the live view now and then. */
    static final class Tee implements ControlPlaneListener {
        final HistoryRecorder recorder;
        final SteppingClock clock;
        final FleetView live = new FleetView();
        final Map<Source, SourceStatus> sources = new EnumMap<>(Source.class);
        final List<Live> moments = new ArrayList<>();
        long lastCopy;

        Tee(HistoryRecorder recorder, SteppingClock clock) {
            this.recorder = recorder;
            this.clock = clock;
        }

        @Override
        public synchronized void onStates(StateBatch b) {
            recorder.onStates(b);
            live.apply(b);
            copyNowAndThen();
        }

        @Override
        public synchronized void onHealth(HealthBatch b) {
            recorder.onHealth(b);
            live.apply(b);
            copyNowAndThen();
        }

        @Override
        public synchronized void onProgress(ProgressBatch b) {
            recorder.onProgress(b);
            live.apply(b);
            copyNowAndThen();
        }

        @Override
        public synchronized void onStatus(SourceStatus s) {
            recorder.onStatus(s);
            // the store keeps milliseconds
            sources.put(s.source(), new SourceStatus(s.source(), s.state(), ms(s.since()), ms(s.lastConfirmed()), ms(s.nextRetry()),
                    s.mode(), s.message()));
        }

        @Override
        public synchronized void onEpochs(EpochWindow w) {
            recorder.onEpochs(w);
        }

        private void copyNowAndThen() {
            // the clock never repeats a millisecond: every event so far is before this moment, every later one after it
            long now = clock.millis();
            if (now - lastCopy >= 300) {
                lastCopy = now;
                moments.add(new Live(Instant.ofEpochMilli(now), live.snapshot(), Map.copyOf(sources)));
            }
        }

        private static Instant ms(Instant t) {
            return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }

        synchronized List<Live> moments() {
            return List.copyOf(moments);
        }
    }

    @Test
    void everyRewoundMomentEqualsTheLiveFleetThenForEveryIndexer() throws Exception {
        SteppingClock clock = SteppingClock.strictlyIncreasing();
        try (DemoStack demo = DemoStack.start(SimConfig.defaults().withIndexers(40).withTimeFactor(10).withChurn(1));
             HistoryStore store = HistoryStore.open(freshLocation())) {
            // small keyframe intervals so the run crosses several, and no sampling: every change is written
            HistoryRecorder recorder = new HistoryRecorder(store, RecorderSettings.defaults().withSampleInterval(Duration.ZERO)
                    .withKeyframes(150, Duration.ofSeconds(3)), clock).start();
            Tee tee = new Tee(recorder, clock);
            ConnectionProfile profile = new ConnectionProfile("demo", Endpoint.plaintext(demo.coordinatorTarget()),
                    Endpoint.plaintext(demo.blockStreamerTarget()), Endpoint.plaintext(demo.runnerTarget()),
                    RedisSettings.of(demo.redisUri()), Duration.ofMillis(500), false, false);
            Faults faults = demo.faults();
            try (ControlPlaneConnection connection = ControlPlaneConnection.open(profile, tee)) {
                faults.chaos(7, 4.0);
                await().atMost(Duration.ofSeconds(60)).until(() -> tee.moments().size() >= 8);
                faults.corruptState(demo.indexers().get(1), Faults.MALFORMED_STATE);
                faults.danglingMember(new IndexerId("ghost.near", "gone"));
                await().atMost(Duration.ofSeconds(60)).until(() -> tee.moments().size() >= 30);
            }
            recorder.close();

            List<Live> moments = tee.moments();
            HistoryQueries q = new HistoryQueries(store);
            HistoryQueries.Cursor cursor = q.cursor();
            for (Live m : moments) {
                FleetAt rewound = q.fleetAt(m.at());
                assertThat(rewound.indexers()).as("fleet at %s", m.at()).containsExactlyInAnyOrderEntriesOf(m.fleet());
                assertThat(rewound.sources()).as("sources at %s", m.at()).containsExactlyInAnyOrderEntriesOf(m.sources());
                assertThat(cursor.moveTo(m.at()).indexers()).isEqualTo(m.fleet());
            }
            // the run was not trivial: chaos changed health, keyframes were crossed, the corrupt state was seen
            assertThat(moments.getLast().fleet()).hasSizeGreaterThanOrEqualTo(40);
            assertThat(moments.stream().map(m -> m.fleet().values().stream().map(IndexerRecord::executorHealth).collect(Collectors.toSet()))
                    .flatMap(java.util.Set::stream).collect(Collectors.toSet())).hasSizeGreaterThan(1);
            assertThat(q.counts().get("keyframe")).isGreaterThan(2);
            assertThat(moments.getLast().fleet().values()).anySatisfy(r -> assertThat(r.stateProblem()).isNotNull());
            assertThat(q.fleetAt(moments.getLast().at()).epochs()).as("pooler epochs").isNotEmpty();
            assertThat(recorder.stats().dropped()).isZero();
            assertThat(recorder.stats().lastError()).isNull();
        }
    }

    // ---- the epoch timeline, per project --------------------------------------------------------

    private static dev.watchkeeper.model.epoch.StateUpdate update(String state, String project, boolean failed, long ts) {
        return new dev.watchkeeper.model.epoch.StateUpdate(project, state, failed ? dev.watchkeeper.model.epoch.StateUpdate.Status.FAILED
                : dev.watchkeeper.model.epoch.StateUpdate.Status.SUCCESS, failed ? "boom at " + project : null, ts, null, "{}", null);
    }

    private static EpochWindow window(Instant at, Map<String, List<dev.watchkeeper.model.epoch.StateUpdate>> epoch10) {
        dev.watchkeeper.model.epoch.Epoch nine = new dev.watchkeeper.model.epoch.Epoch(9, 1_000L,
                Map.of("PRELOAD", List.of(update("PRELOAD", "p:a:NS", false, 1_001), update("PRELOAD", "p:b:NS", false, 1_002))));
        return new EpochWindow("NS", List.of(new dev.watchkeeper.model.epoch.Epoch(10, 2_000L, epoch10), nine), true, 2_000L, at);
    }

    @Test
    void theEpochTimelineRewindsProjectByProject() throws Exception {
        SteppingClock clock = SteppingClock.manual(Instant.parse("2026-11-30T03:00:00Z").toEpochMilli());
        try (HistoryStore store = HistoryStore.open(freshLocation())) {
            HistoryRecorder rec = new HistoryRecorder(store, RecorderSettings.defaults(), clock).start();
            var a = update("PRELOAD", "p:a:NS", false, 2_001);
            var b = update("PRELOAD", "p:b:NS", false, 2_002);
            var buildA = update("SNAPSHOT_BUILD", "p:a:NS", false, 2_010);
            var buildB = update("SNAPSHOT_BUILD", "p:b:NS", true, 2_011);
            var finalA = update("SNAPSHOT_FINALIZE", "p:a:NS", false, 2_020);
            var finalB = update("SNAPSHOT_FINALIZE", "p:b:NS", false, 2_021);
            rec.onEpochs(window(clock.instant(), Map.of("PRELOAD", List.of(a, b), "SNAPSHOT_BUILD", List.of(buildA))));
            Instant first = clock.instant();
            // written at once, while the epoch is still in the window, not only when it leaves or at close
            HistoryQueries live = new HistoryQueries(store);
            await().atMost(Duration.ofSeconds(10)).until(() -> live.fleetAt(first).epochWindow() != null
                    && live.fleetAt(first).epochWindow().epochs().getFirst().states().containsKey("SNAPSHOT_BUILD"));
            clock.advance(20_000);
            rec.onEpochs(window(clock.instant(), Map.of("PRELOAD", List.of(a, b), "SNAPSHOT_BUILD", List.of(buildA, buildB),
                    "SNAPSHOT_FINALIZE", List.of(finalA))));
            Instant second = clock.instant();
            await().atMost(Duration.ofSeconds(10)).until(() -> live.fleetAt(second).epochWindow().epochs().getFirst()
                    .states().containsKey("SNAPSHOT_FINALIZE"));
            // 5 s later: within the 15 s between two writes of the same epoch, kept back until close
            clock.advance(5_000);
            rec.onEpochs(window(clock.instant(), Map.of("PRELOAD", List.of(a, b), "SNAPSHOT_BUILD", List.of(buildA, buildB),
                    "SNAPSHOT_FINALIZE", List.of(finalA, finalB))));
            Instant third = clock.instant();
            clock.advance(1_000);
            rec.close();

            HistoryQueries q = new HistoryQueries(store);
            assertThat(q.fleetAt(first.minusMillis(1)).epochWindow()).isNull();

            EpochWindow atFirst = q.fleetAt(first).epochWindow();
            assertThat(atFirst.namespace()).isEqualTo("NS");
            assertThat(atFirst.epochs()).extracting(dev.watchkeeper.model.epoch.Epoch::epochId).containsExactly(10L, 9L);
            var ten = atFirst.epochs().getFirst();
            assertThat(ten.releasedAt()).isEqualTo(2_000L);
            assertThat(ten.states().get("PRELOAD")).containsExactlyInAnyOrder(withoutRaw(a), withoutRaw(b));
            assertThat(ten.states().get("SNAPSHOT_BUILD")).as("only the build finished then").containsExactly(withoutRaw(buildA));
            assertThat(ten.states()).doesNotContainKey("SNAPSHOT_FINALIZE");
            assertThat(atFirst.epochs().get(1).states().get("PRELOAD")).hasSize(2);
            assertThat(atFirst.active()).isTrue();

            var tenThen = q.fleetAt(second).epochWindow().epochs().getFirst();
            assertThat(tenThen.states().get("SNAPSHOT_BUILD")).containsExactlyInAnyOrder(withoutRaw(buildA), withoutRaw(buildB));
            assertThat(tenThen.states().get("SNAPSHOT_BUILD")).filteredOn(dev.watchkeeper.model.epoch.StateUpdate::failed)
                    .singleElement().satisfies(u -> assertThat(u.error()).isEqualTo("boom at p:b:NS"));
            assertThat(tenThen.states().get("SNAPSHOT_FINALIZE")).containsExactly(withoutRaw(finalA));

            assertThat(q.fleetAt(third).epochWindow().epochs().getFirst().states().get("SNAPSHOT_FINALIZE"))
                    .as("the content held back was written at close").containsExactlyInAnyOrder(withoutRaw(finalA), withoutRaw(finalB));
            assertThat(q.counts().get("epoch_projects")).as("one row per epoch, replaced").isEqualTo(2);
        }
    }

    /** The pooler rewrites a project's field when it retries: a moment before the retry shows the failure that was current then. */
    @Test
    void aRetriedProjectShowsTheStatusOfTheMoment() throws Exception {
        SteppingClock clock = SteppingClock.manual(Instant.parse("2026-11-30T03:00:00Z").toEpochMilli());
        try (HistoryStore store = HistoryStore.open(freshLocation())) {
            HistoryRecorder rec = new HistoryRecorder(store, RecorderSettings.defaults(), clock).start();
            var a = update("PRELOAD", "p:a:NS", false, 2_001);
            var buildA = update("SNAPSHOT_BUILD", "p:a:NS", false, 2_010);
            var buildFailed = update("SNAPSHOT_BUILD", "p:b:NS", true, 2_011);
            var buildRetried = update("SNAPSHOT_BUILD", "p:b:NS", false, 2_040);
            rec.onEpochs(window(clock.instant(), Map.of("PRELOAD", List.of(a), "SNAPSHOT_BUILD", List.of(buildA, buildFailed))));
            Instant failed = clock.instant();
            clock.advance(3_000);
            // the same failure observed again is not a new version
            rec.onEpochs(window(clock.instant(), Map.of("PRELOAD", List.of(a), "SNAPSHOT_BUILD", List.of(buildA, buildFailed))));
            clock.advance(2_000);
            rec.onEpochs(window(clock.instant(), Map.of("PRELOAD", List.of(a), "SNAPSHOT_BUILD", List.of(buildA, buildRetried))));
            Instant retried = clock.instant();
            clock.advance(1_000);
            rec.close();

            HistoryQueries q = new HistoryQueries(store);
            assertThat(q.counts().get("epoch_projects")).as("one row per epoch, replaced").isEqualTo(2);
            var before = q.fleetAt(failed.plusMillis(4_000)).epochWindow().epochs().getFirst().states().get("SNAPSHOT_BUILD");
            assertThat(before).as("before the retry").containsExactlyInAnyOrder(withoutRaw(buildA), withoutRaw(buildFailed));
            var after = q.fleetAt(retried).epochWindow().epochs().getFirst().states().get("SNAPSHOT_BUILD");
            assertThat(after).as("from the retry on").containsExactlyInAnyOrder(withoutRaw(buildA), withoutRaw(buildRetried));
        }
    }

    /** The store keeps every field of an update but its raw JSON. */
    private static dev.watchkeeper.model.epoch.StateUpdate withoutRaw(dev.watchkeeper.model.epoch.StateUpdate u) {
        return new dev.watchkeeper.model.epoch.StateUpdate(u.projectId(), u.stateId(), u.status(), u.error(), u.timestamp(), u.snapshotCid(), null, u.problem());
    }
}
