package dev.watchkeeper.app.incidents;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.history.StoredIncidentHistory;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.model.incident.Problem;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Incidents tab reaches back before the console started: incidents a recorder (or an earlier console) stored. */
class StoredIncidentsTest extends ApplicationTest {

    private static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");

    private Path dir;
    private Stage stage;
    private ConsoleIncidentHistory history;

    @Override
    public void start(Stage stage) throws Exception {
        this.stage = stage;
        dir = Files.createTempDirectory("wk-stored-incidents");
    }

    @AfterEach
    void close() {
        if (history != null) {
            history.close();
        }
    }

    private static Problem stall(int i, Instant start) {
        IndexerId id = new IndexerId("acct" + i + ".near", "fn");
        return new Problem("indexer:" + id.fullName() + ":STALLED_STREAM", "STALLED_STREAM", "Stream stalled", id.fullName(), id,
                start, "stream STALLED", 130_000_000L + i, null, null, null, null, null);
    }

    /** A recorder grouped a lake outage at 03:00 and saw it resolve. */
    private StoreLocation recordedOutage() throws Exception {
        StoreLocation location = StoreLocation.sqlite(dir.resolve("prod.db"));
        ManualClock clock = new ManualClock(T0);
        try (HistoryStore store = HistoryStore.open(location); StoredIncidentHistory stored = new StoredIncidentHistory(store, "recorder", clock)) {
            IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, stored);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                clock.set(T0.plusSeconds(i));
                Problem p = stall(i, clock.instant());
                keys.add(p.key());
                engine.apply(List.of(p), List.of());
            }
            clock.set(T0.plusSeconds(600));
            engine.apply(List.of(), keys);
            stored.flush();
        }
        return location;
    }

    @Test
    void incidentsStoredBeforeTheConsoleStartedAreListedAndNewOnesAreStored() throws Exception {
        StoreLocation location = recordedOutage();
        SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(T0.plus(Duration.ofHours(2)));
        history = ConsoleIncidentHistory.open(() -> location, new ManualClock(now.get()));
        IncidentsViewModel model = fx(() -> new IncidentsViewModel(new FleetViewModel(), now, IncidentSettings.defaults(), history)
                .reloadWhen(history.ready()));

        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> model.all().size()) == 1);
        Incident earlier = fx(() -> model.all().getFirst());
        assertThat(earlier.size()).isEqualTo(12);
        assertThat(earlier.resolved()).isTrue();
        assertThat(earlier.timeToRecovery()).isEqualTo(Duration.ofSeconds(600));
        assertThat(history.problem()).isNull();

        // a new outage in this session: listed first, and in the store for the next console
        interact(() -> {
            List<Problem> started = new ArrayList<>();
            for (int i = 20; i < 27; i++) {
                started.add(stall(i, now.get()));
            }
            model.apply(started, List.of());
        });
        assertThat(fx(() -> model.all().size())).isEqualTo(2);
        assertThat(fx(() -> model.all().getFirst().size())).isEqualTo(7);
        history.close();
        history = null;
        try (HistoryStore store = HistoryStore.open(location, false)) {
            List<Incident> stored = StoredIncidentHistory.readOnly(store, "reader", new ManualClock(T0)).since(null);
            assertThat(stored).extracting(Incident::size).containsExactly(7, 12);
        }
    }

    @Test
    void anIncidentStillOpenWhenItsRecorderStoppedIsListedAsNotObservedNotAsOpen() throws Exception {
        StoreLocation location = StoreLocation.sqlite(dir.resolve("stopped.db"));
        ManualClock clock = new ManualClock(T0);
        try (HistoryStore store = HistoryStore.open(location); StoredIncidentHistory stored = new StoredIncidentHistory(store, "recorder", clock)) {
            IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, stored);
            for (int i = 0; i < 8; i++) {
                engine.apply(List.of(stall(i, T0.plusSeconds(i))), List.of());
            }
            stored.flush();
            // the recorder stops at 03:04 with the streams still stalled
            clock.set(T0.plus(Duration.ofMinutes(4)));
        }
        SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(T0.plus(Duration.ofHours(20)));
        history = ConsoleIncidentHistory.open(() -> location, new ManualClock(now.get()));
        IncidentsViewModel model = fx(() -> new IncidentsViewModel(new FleetViewModel(), now, IncidentSettings.defaults(), history)
                .reloadWhen(history.ready()));

        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> model.all().size()) == 1);
        Incident gone = fx(() -> model.all().getFirst());
        assertThat(gone.unobserved()).isTrue();
        assertThat(gone.observedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(gone.duration(now.get())).isEqualTo(Duration.ofMinutes(4));
        assertThat(IncidentsView.statusLabel(gone)).isEqualTo("Not observed");
        assertThat(new IncidentFilter(IncidentFilter.Status.OPEN, null, null, "").test(gone, now.get())).isFalse();
        assertThat(new IncidentFilter(IncidentFilter.Status.UNOBSERVED, null, null, "").test(gone, now.get())).isTrue();
        assertThat(fx(() -> model.open())).isEmpty();

        // what the operator sees in the Incidents tab
        IncidentsView view = fx(() -> {
            IncidentsView v = new IncidentsView(model, new IncidentReports(new dev.watchkeeper.app.export.FxFileChooserService(), List::of,
                    java.time.ZoneOffset.UTC));
            stage.setScene(new javafx.scene.Scene(v, 1000, 700));
            stage.show();
            v.table().getSelectionModel().selectFirst();
            return v;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup(".table-cell").queryAll()).extracting(n -> ((javafx.scene.control.Labeled) n).getText())
                .contains("Not observed", "4 min at least").doesNotContain("Open");
        assertThat(lookup(".label").queryAll()).extracting(n -> ((javafx.scene.control.Labeled) n).getText())
                .anyMatch(t -> t != null && t.contains("not observed after 2026-11-30 03:04 UTC (its console or recorder stopped)"));
        assertThat(view).isNotNull();
    }

    @Test
    void aStoreThatCannotBeOpenedLeavesTheSessionsIncidentsInMemoryAndSaysWhy() throws Exception {
        Path notADatabase = dir.resolve("junk.db");
        Files.writeString(notADatabase, "not sqlite ".repeat(100));
        SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(T0);
        history = ConsoleIncidentHistory.open(() -> StoreLocation.sqlite(notADatabase), new ManualClock(T0));
        IncidentsViewModel model = fx(() -> new IncidentsViewModel(new FleetViewModel(), now, IncidentSettings.defaults(), history)
                .reloadWhen(history.ready()));
        history.ready().get();
        assertThat(history.problem()).startsWith("incidents are kept for this session only: cannot open the history store");
        interact(() -> {
            List<Problem> started = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                started.add(stall(i, T0));
            }
            model.apply(started, List.of());
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> model.all().size()) == 1);
        assertThat(history.since(null)).hasSize(1);
    }
}
