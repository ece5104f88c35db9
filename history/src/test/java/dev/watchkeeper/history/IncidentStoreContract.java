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
}
