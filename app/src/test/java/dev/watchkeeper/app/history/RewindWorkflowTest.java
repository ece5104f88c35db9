package dev.watchkeeper.app.history;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.detail.IndexerDetailView;
import dev.watchkeeper.app.detail.TransitionRow;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.support.Screenshots;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.simulator.SimConfig;
import javafx.collections.SetChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console records the simulated fleet into a real SQLite history store (its own recorder, fed by
 * the real connectors) and rewinds every view to a moment of it: the old lifecycle, the History
 * marker, commands disabled with the reason, playback to the change, the change marked, Live, and
 * the "what changed" list with the transition and the command.
 */
class RewindWorkflowTest extends ApplicationTest {

    private static final int INDEXERS = 20;

    @TempDir
    static Path tmp;

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(INDEXERS).withTimeFactor(30));
        StoreLocation store = StoreLocation.sqlite(tmp.resolve("history").resolve("rewind.db"));
        session = new ConsoleSession(ConsoleSession.demoProfile(demo, "rewind", Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new AuditLog(tmp.resolve("audit.jsonl")), Duration.ofSeconds(30), store);
        window = new MainWindow(session);
        stage.setScene(WatchkeeperApp.scene(window, 1000, 900));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    private IndexerRecord stored(Instant at, IndexerId id) {
        return new HistoryQueries(session.history().store()).fleetAt(at).indexers().get(id);
    }

    private TableView<IndexerRow> shownFleet() {
        return lookup("#" + FleetView.TABLE_ID).queryTableView();
    }

    private LifecycleState shownLifecycle(IndexerId id) throws Exception {
        return fx(() -> shownFleet().getItems().stream().filter(r -> r.id().equals(id)).findFirst()
                .map(r -> r.state().lifecycle()).orElse(null));
    }

    private String marker() throws Exception {
        return fx(() -> lookup("#" + TimeBar.MARKER_ID).queryAs(Label.class).getText());
    }

    @Test
    void rewindShowsTheOldLifecycleWithCommandsDisabledPlaysToTheChangeAndListsIt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> session.fleet().allRows().size()) == INDEXERS);
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> session.history().statusProperty().get().mode())
                == SessionHistory.Mode.RECORDING);
        assertThat(fx(() -> lookup("#" + TimeBar.RECORDING_ID).queryAs(Label.class).getText())).startsWith("● Recording");
        IndexerRow victim = fx(() -> session.fleet().allRows().stream()
                .filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).findFirst().orElseThrow());
        IndexerId id = victim.id();
        // the store holds the victim Running at "before"
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            IndexerRecord r = stored(Instant.now(), id);
            return r != null && r.lifecycle() == LifecycleState.RUNNING;
        });
        Instant before = Instant.now();

        interact(() -> session.commands().run(CommandKind.SUSPEND, victim));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> victim.state().lifecycle()) == LifecycleState.SUSPENDED);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            IndexerRecord r = stored(Instant.now(), id);
            return r != null && r.lifecycle() == LifecycleState.SUSPENDED;
        });
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        assertThat(marker()).isEqualTo("Live");
        assertThat(shownLifecycle(id)).isEqualTo(LifecycleState.SUSPENDED);

        // Rewind by typing the moment before the command.
        clickOn("#" + TimeBar.FIELD_ID).write(before.toString()).type(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> shownLifecycle(id) == LifecycleState.RUNNING);
        assertThat(marker()).startsWith("History: ")
                .contains(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault()).format(before));
        assertThat(fx(() -> lookup("." + RewindViews.BANNER_CLASS).queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().startsWith("History: ")))).isTrue();
        assertThat(fx(() -> shownFleet().getItems().size())).isEqualTo(INDEXERS);
        // the others' states began before the store saw them: "in state" reads "at least" since the history began
        Instant historyStart = new HistoryQueries(session.history().store()).historyStart();
        assertThat(fx(() -> shownFleet().getItems().stream().filter(r -> !r.id().equals(id))
                .anyMatch(r -> !r.stateSinceExact() && !r.stateSince().isAfter(historyStart.plusSeconds(5))))).isTrue();

        // Commands are disabled while rewound, with the reason.
        interact(() -> shownFleet().getSelectionModel().select(shownFleet().getItems().stream()
                .filter(r -> r.id().equals(id)).findFirst().orElseThrow()));
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.SUSPEND)).queryButton().isDisabled())).isTrue();
        assertThat(fx(() -> lookup("#" + CommandBar.HINT_ID).queryAs(Label.class).getText())).isEqualTo("Showing history: press Live");
        assertThat(fx(() -> ((CommandBar) lookup("#" + CommandBar.HINT_ID).query().getParent()).tooltip(CommandKind.SUSPEND).getText()))
                .startsWith("Suspend unavailable: the console shows history, and commands act on the fleet as it is now: press Live first");
        interact(() -> Screenshots.save(window, "rewind-history.png"));

        // The Epochs tab shows the epoch timeline as recorded then, project by project, not only counts.
        interact(() -> window.selectTab(MainWindow.EPOCHS_TAB));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> lookup("#" + RewindViews.EPOCH_TIMELINE_THEN_ID).tryQuery()
                .map(javafx.scene.Node::isVisible).orElse(false)));
        dev.watchkeeper.model.epoch.EpochWindow then = fx(() -> window.rewind().model().epochWindowProperty().get());
        assertThat(then.epochs()).isNotEmpty();
        assertThat(then.epochs().stream().mapToInt(e -> e.states().values().stream().mapToInt(List::size).sum()).sum())
                .as("project updates then").isPositive();
        assertThat(then.epochs()).as("no epoch released after the moment shown")
                .allMatch(e -> e.releasedAt() == null || e.releasedAt() <= before.getEpochSecond() + 1);
        interact(() -> Screenshots.save(window, "rewind-epochs.png"));
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));

        // The detail tab opened while rewound shows the indexer then: Running, never Suspended yet.
        interact(() -> window.openDetail(shownFleet().getSelectionModel().getSelectedItem()));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> lookup("#" + IndexerDetailView.TRANSITIONS_ID).tryQuery().isPresent()));
        TableView<TransitionRow> transitions = lookup("#" + IndexerDetailView.TRANSITIONS_ID).queryTableView();
        assertThat(fx(() -> transitions.getItems().getFirst().transition().state().lifecycle())).isEqualTo(LifecycleState.RUNNING);
        assertThat(fx(() -> transitions.getItems().stream().noneMatch(r -> r.transition().state().lifecycle() == LifecycleState.SUSPENDED))).isTrue();
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));

        // Play forward at 60x: the victim turns Suspended again and its row is marked as it changes.
        Set<IndexerId> markedSeen = ConcurrentHashMap.newKeySet();
        interact(() -> window.rewind().model().marked().addListener((SetChangeListener<IndexerId>) c -> {
            if (c.wasAdded()) {
                markedSeen.add(c.getElementAdded());
            }
        }));
        clickOn("#play60");
        await().atMost(Duration.ofSeconds(20)).until(() -> shownLifecycle(id) == LifecycleState.SUSPENDED);
        assertThat(markedSeen).contains(id);
        // "In state" is exact: it began when the store recorded the transition
        Instant suspendedAt = new dev.watchkeeper.history.WindowQueries(session.history().store())
                .lifecycleChanges(before, Instant.now(), new HistoryQueries(session.history().store()).fleetAt(before).indexers()).get(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> shownFleet().getItems().stream().filter(r -> r.id().equals(id))
                .anyMatch(r -> r.stateSinceExact() && r.stateSince().equals(suspendedAt))));
        assertThat(marker()).startsWith("History: ");

        // Live returns: the marker, the live table and the commands.
        clickOn("#" + TimeBar.LIVE_ID);
        await().atMost(Duration.ofSeconds(5)).until(() -> "Live".equals(marker()));
        assertThat(shownLifecycle(id)).isEqualTo(LifecycleState.SUSPENDED);
        assertThat(fx(() -> shownFleet().getItems().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow())).isSameAs(victim);
        assertThat(fx(() -> session.commands().pausedReasonProperty().get())).isNull();
        interact(() -> shownFleet().getSelectionModel().select(victim));
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.UNSUSPEND)).queryButton().isDisabled())).isFalse();

        // What changed lists the transition and the command, filtered by the indexer's name.
        await().atMost(Duration.ofSeconds(20)).until(() -> !new dev.watchkeeper.history.WindowQueries(session.history().store())
                .commands(before, Instant.now(), 100).isEmpty());
        clickOn("#" + TimeBar.CHANGES_ID);
        TableView<ChangeRow> changes = lookup("#" + ChangesView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> changes.getItems().stream()
                .anyMatch(r -> r.indexer().equals(id.fullName()) && r.what().equals("lifecycle") && r.to().equals("Suspended"))));
        clickOn("#" + ChangesView.FILTER_ID).write(id.fullName());
        List<ChangeRow> shown = fx(() -> List.copyOf(changes.getItems()));
        assertThat(shown).isNotEmpty().allMatch(r -> r.indexer().equals(id.fullName()));
        assertThat(shown).anyMatch(r -> r.what().equals("command") && r.detail().toLowerCase(java.util.Locale.ROOT).startsWith("suspend"));
        assertThat(shown).anyMatch(r -> r.what().equals("lifecycle") && r.from().equals("Running"));
        interact(() -> Screenshots.save(window, "rewind-what-changed.png"));
    }
}
