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
import dev.watchkeeper.simulator.DemoStack;
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
}
