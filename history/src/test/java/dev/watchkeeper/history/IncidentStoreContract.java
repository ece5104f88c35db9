package dev.watchkeeper.history;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.IncidentMember;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.model.incident.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Incidents in the history store, on every database it runs on; a subclass per database supplies a fresh store. */
abstract class IncidentStoreContract {

    static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");

    HistoryStore store;
    StoreLocation location;
    final ManualClock clock = new ManualClock(T0);

    abstract StoreLocation freshLocation() throws Exception;

    @BeforeEach
    void open() throws Exception {
        location = freshLocation();
        store = HistoryStore.open(location);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Problem stall(int i, Instant start) {
        IndexerId id = new IndexerId("acct" + i + ".near", "fn");
        return new Problem("indexer:" + id.fullName() + ":STALLED_STREAM", "STALLED_STREAM", "Stream stalled", id.fullName(), id,
                start, "stream STALLED", 130_000_120L + i, null, null, null, null, null);
    }

    /** Runs an engine whose history is the store: {@code n} stalls 2 s apart, then all recover. */
    private Incident outage(StoredIncidentHistory history, int n, boolean recover) {
        IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, history);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.set(T0.plusSeconds(2L * i));
            Problem p = stall(i, clock.instant());
            keys.add(p.key());
            engine.apply(List.of(p), List.of());
        }
        if (recover) {
            clock.set(T0.plusSeconds(300));
            engine.apply(List.of(), keys);
        }
        return history.since(null).getFirst();
    }

    @Test
    void anIncidentReadsBackWholeInALaterSession() throws Exception {
        Incident live;
        try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console-1", clock)) {
            live = outage(console, 8, true);
            console.flush();
        }
        store.close();
        store = HistoryStore.open(location, false);
        try (StoredIncidentHistory later = new StoredIncidentHistory(store, "console-2", clock)) {
            List<Incident> read = later.since(null);
            assertThat(read).hasSize(1);
            Incident i = read.getFirst();
            assertThat(i).isEqualTo(live);
            assertThat(i.resolved()).isTrue();
            assertThat(i.end()).isEqualTo(T0.plusSeconds(300));
            assertThat(i.timeToRecovery()).isEqualTo(Duration.ofSeconds(300));
            assertThat(i.members()).hasSize(8).allMatch(IncidentMember::recovered);
            assertThat(i.members().getFirst().problem().indexer()).isEqualTo(new IndexerId("acct0.near", "fn"));
            assertThat(i.members().get(3).problem().blockHeight()).isEqualTo(130_000_123L);
            assertThat(i.evidence()).isNotEmpty().anyMatch(l -> l.contains("last published blocks"));
            assertThat(later.find(i.id())).contains(live);
            assertThat(later.since(T0.plusSeconds(1))).isEmpty();
            assertThat(later.since(T0)).hasSize(1);
        }
    }

    @Test
    void anOpenIncidentIsStoredAsItGrowsAndWhenItResolves() throws Exception {
        try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console-1", clock)) {
            Incident open = outage(console, 6, false);
            console.flush();
            try (StoredIncidentHistory reader = new StoredIncidentHistory(store, "reader", clock)) {
                Incident stored = reader.since(null).getFirst();
                assertThat(stored.resolved()).isFalse();
                assertThat(stored.activeCount()).isEqualTo(6);
                assertThat(stored).isEqualTo(open);
            }
        }
    }

    @Test
    void aRecorderAndAConsoleSeeingOneOutageShowItOnce() throws Exception {
        try (StoredIncidentHistory recorder = new StoredIncidentHistory(store, "recorder", clock);
             StoredIncidentHistory console = new StoredIncidentHistory(store, "console", clock)) {
            outage(recorder, 10, true);
            // the console opened later and saw fewer of the stalls begin
            IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, console);
            for (int i = 4; i < 10; i++) {
                engine.apply(List.of(stall(i, T0.plusSeconds(2L * i))), List.of());
            }
            recorder.flush();
            console.flush();
            List<Incident> seen = console.since(null);
            assertThat(seen).hasSize(1);
            assertThat(seen.getFirst().size()).isEqualTo(10);
        }
    }

    @Test
    void retentionRemovesIncidentsResolvedBeforeTheStartOfHistory() throws Exception {
        try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console-1", clock)) {
            outage(console, 6, true);
            console.flush();
        }
        long session = store.beginSession(T0.toEpochMilli());
        // a keyframe a day after the outage becomes the start of history 30 days later
        long dayAfter = T0.plus(Duration.ofDays(1)).toEpochMilli();
        store.write(List.of(new HistoryEvent.Keyframe(dayAfter, List.of())), session, dayAfter, 0);
        new Retention(store, Duration.ofDays(30), Long.MAX_VALUE).apply(T0.plus(Duration.ofDays(40)));
        try (StoredIncidentHistory reader = new StoredIncidentHistory(store, "reader", clock)) {
            assertThat(reader.since(null)).isEmpty();
        }
    }

    @Test
    void theRecorderGroupsStallsItObservesIntoAStoredIncident() throws Exception {
        try (StoredIncidentHistory history = new StoredIncidentHistory(store, "recorder", clock)) {
            IncidentFeed feed = new IncidentFeed(new IncidentEngine(IncidentSettings.defaults(), clock, history), clock);
            List<IndexerState> fleet = new ArrayList<>();
            List<StreamStatus> running = new ArrayList<>();
            List<Progress> progress = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                IndexerId id = new IndexerId("acct" + i + ".near", "fn");
                fleet.add(IndexerState.of(id, LifecycleState.RUNNING, true));
                running.add(new StreamStatus(id, "s" + i, 1, StreamHealth.RUNNING, T0.getEpochSecond()));
                progress.add(new Progress(id, 130_000_100L + i, 0L, null));
            }
            feed.onStates(StateBatch.full(fleet, T0));
            feed.onHealth(new HealthBatch(Source.BLOCK_STREAMER, running, List.of(), true, T0));
            feed.onProgress(new ProgressBatch(progress, T0));
            // 30 of the 40 streams stall within a minute (the lake went away), the rest keep running
            for (int i = 0; i < 30; i++) {
                clock.set(T0.plusSeconds(60 + 2L * i));
                IndexerId id = fleet.get(i).id();
                feed.onHealth(new HealthBatch(Source.BLOCK_STREAMER,
                        List.of(new StreamStatus(id, "s" + i, 2, StreamHealth.STALLED, clock.instant().getEpochSecond())), List.of(), false, clock.instant()));
            }
            history.flush();
            try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console", clock)) {
                List<Incident> stored = console.since(null);
                assertThat(stored).hasSize(1);
                assertThat(stored.getFirst().kind()).isEqualTo("STALLED_STREAM");
                assertThat(stored.getFirst().size()).isEqualTo(30);
                assertThat(stored.getFirst().resolved()).isFalse();
            }
            // they come back: the incident resolves in the store
            for (int i = 0; i < 30; i++) {
                clock.set(T0.plusSeconds(400 + i));
                IndexerId id = fleet.get(i).id();
                feed.onHealth(new HealthBatch(Source.BLOCK_STREAMER,
                        List.of(new StreamStatus(id, "s" + i, 3, StreamHealth.RUNNING, clock.instant().getEpochSecond())), List.of(), false, clock.instant()));
            }
            history.flush();
            try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console", clock)) {
                Incident i = console.since(null).getFirst();
                assertThat(i.resolved()).isTrue();
                assertThat(i.end()).isEqualTo(T0.plusSeconds(429));
                assertThat(Set.copyOf(i.indexers())).hasSize(30);
            }
        }
    }

    @Test
    void anOpenIncidentOfAnOriginThatStoppedIsNoLongerObservedSinceItsLastHeartbeat() throws Exception {
        String id;
        try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console-1", clock)) {
            id = outage(console, 6, false).id();
            console.flush();
            clock.set(T0.plusSeconds(120));
            console.heartbeat();
            // the console is closed at 03:03:20 with the stalls still going: its last look
            clock.set(T0.plusSeconds(200));
        }
        clock.set(T0.plus(Duration.ofHours(20)));
        store.close();
        store = HistoryStore.open(location, false);
        try (StoredIncidentHistory later = new StoredIncidentHistory(store, "console-2", clock)) {
            Incident i = later.since(null).getFirst();
            assertThat(i.open()).isFalse();
            assertThat(i.resolved()).isFalse();
            assertThat(i.unobserved()).isTrue();
            assertThat(i.statusWord()).isEqualTo("unobserved");
            assertThat(i.observedUntil()).isEqualTo(T0.plusSeconds(200));
            assertThat(i.unobservedNote()).isEqualTo("not observed after 2026-11-30 03:03 UTC (its console or recorder stopped)");
            // its duration stops where the watching stopped, not 20 hours later
            assertThat(i.duration(clock.instant())).isEqualTo(Duration.ofSeconds(200));
            assertThat(later.find(id)).hasValueSatisfying(f -> assertThat(f.observedUntil()).isEqualTo(T0.plusSeconds(200)));
        }
    }

    @Test
    void anOpenIncidentOfALiveOriginStaysOpenWhileItsWriterTouchesIt() throws Exception {
        try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console-1", clock);
             StoredIncidentHistory reader = new StoredIncidentHistory(store, "reader", clock)) {
            outage(console, 6, false);
            console.flush();
            clock.set(T0.plus(Duration.ofMinutes(10)));
            console.heartbeat();
            clock.set(T0.plus(Duration.ofMinutes(12)));
            Incident live = reader.since(null).getFirst();
            assertThat(live.open()).isTrue();
            assertThat(live.observedUntil()).isNull();
            assertThat(live.duration(clock.instant())).isEqualTo(Duration.ofMinutes(12));
            // heartbeats missed for longer than the bound: the reader no longer takes it as watched
            clock.set(T0.plus(Duration.ofMinutes(10)).plus(StoredIncidentHistory.STALE_AFTER).plusSeconds(1));
            assertThat(reader.since(null).getFirst().observedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            // its own writer never doubts itself
            assertThat(console.since(null).getFirst().open()).isTrue();
        }
    }

    @Test
    void theWriterThreadTouchesItsOpenIncidentsOnItsOwn() throws Exception {
        try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console-1", clock, Duration.ofMillis(50));
             StoredIncidentHistory reader = new StoredIncidentHistory(store, "reader", clock)) {
            outage(console, 6, false);
            console.flush();
            Instant later = T0.plus(Duration.ofHours(1));
            clock.set(later);
            // an hour on, the console still runs: its heartbeat keeps the incident open for other readers
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reader.since(null).getFirst().open()).isTrue());
        }
    }

    @Test
    void copiesOfOneCauseShowTheLiveCopyOverTheCopyOfAStoppedOrigin() throws Exception {
        try (StoredIncidentHistory recorder = new StoredIncidentHistory(store, "recorder", clock)) {
            outage(recorder, 10, false);
            recorder.flush();
            clock.set(T0.plusSeconds(30));
        }
        try (StoredIncidentHistory console = new StoredIncidentHistory(store, "console", clock);
             StoredIncidentHistory reader = new StoredIncidentHistory(store, "reader", clock)) {
            // the console saw fewer of the stalls begin, but it still watches them
            IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, console);
            for (int i = 4; i < 10; i++) {
                engine.apply(List.of(stall(i, T0.plusSeconds(2L * i))), List.of());
            }
            console.flush();
            clock.set(T0.plus(Duration.ofHours(1)));
            console.heartbeat();
            List<Incident> seen = reader.since(null);
            assertThat(seen).hasSize(1);
            assertThat(seen.getFirst().size()).isEqualTo(6);
            assertThat(seen.getFirst().open()).isTrue();
            assertThat(reader.find(seen.getFirst().id())).hasValueSatisfying(i -> assertThat(i.open()).isTrue());
            // the stalls end: the console's resolved copy is still the one shown
            List<String> keys = new ArrayList<>();
            for (int i = 4; i < 10; i++) {
                keys.add(stall(i, T0).key());
            }
            engine.apply(List.of(), keys);
            console.flush();
            List<Incident> after = reader.since(null);
            assertThat(after).hasSize(1);
            assertThat(after.getFirst().resolved()).isTrue();
        }
    }
}
