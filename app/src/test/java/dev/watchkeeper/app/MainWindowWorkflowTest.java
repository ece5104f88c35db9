package dev.watchkeeper.app;

import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.app.attention.AttentionEntry;
import dev.watchkeeper.app.attention.AttentionView;
import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.app.export.FleetCsv;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.HealthFacet;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.help.HelpOverlay;
import dev.watchkeeper.app.notify.HeldProblemNotifications;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The main window's workflows against the demo control plane: attention, filters, tiles, staleness, export, theme, help. */
class MainWindowWorkflowTest extends ApplicationTest {

    private static final int INDEXERS = 30;

    private record Shown(String title, String text, Runnable onClick) {
    }

    @TempDir
    Path tmp;

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;
    private final MemoryPreferences prefsNode = new MemoryPreferences();
    private final List<Shown> notifications = new CopyOnWriteArrayList<>();
    private Path exportTarget;

    @Override
    public void start(Stage stage) {
        // 30x time: the block streamer's 120 s health check runs every 4 s.
        demo = DemoStack.start(SimConfig.defaults().withIndexers(INDEXERS).withTimeFactor(30));
        session = new ConsoleSession(ConsoleSession.demoProfile(demo, "test", Duration.ofSeconds(1), Duration.ofSeconds(5)), AuditLog.atDefaultLocation());
        FileChooserService chooser = (owner, title, name, ext) -> Optional.ofNullable(exportTarget);
        window = new MainWindow(session, new UiPrefs(prefsNode), chooser, (t, x, click) -> notifications.add(new Shown(t, x, click)));
        // 30x time: the 30 s hold of a lone problem's notification passes in 1 s.
        window.setLoneProblemHold(HeldProblemNotifications.DEFAULT_HOLD.dividedBy(30));
        stage.setScene(WatchkeeperApp.scene(window, 1000, 900));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> {
            window.theme().darkProperty().set(false);
            session.close();
        });
        demo.close();
    }

    private void awaitFleetLoaded() {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> session.fleet().allRows().size()) == INDEXERS);
    }

    @Test
    void aNewlyStalledIndexerIsRankedWithItsReasonNotifiedAndFoundByTheHealthFilter() throws Exception {
        awaitFleetLoaded();
        // Initial load over: stream health known for the running indexers, notifications armed.
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> window.attentionModel().isArmed()
                && session.fleet().allRows().stream().anyMatch(r -> r.streamHealth() == StreamHealth.RUNNING)));
        IndexerRow victim = fx(() -> session.fleet().allRows().stream()
                .filter(r -> r.state().lifecycle() == LifecycleState.RUNNING && r.streamHealth() == StreamHealth.RUNNING)
                .findFirst().orElseThrow());
        int before = notifications.size();

        demo.faults().stallStream(victim.id());

        TableView<AttentionEntry> attention = lookup("#" + AttentionView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(40)).until(() -> fx(() -> attention.getItems().stream()
                .anyMatch(e -> e.row() == victim && e.item().kind() == AttentionKind.STALLED_STREAM)));
        AttentionEntry entry = fx(() -> attention.getItems().stream().filter(e -> e.row() == victim).findFirst().orElseThrow());
        assertThat(entry.item().reason()).matches("no block published for .* \\(stream STALLED\\)|stream STALLED since .*");
        String reason = entry.item().reason();
        // the cells show the entry from the next pulse on, not at once
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> lookup(".wk-reason-text").queryAllAs(javafx.scene.text.Text.class).stream()
                .anyMatch(t -> t.getText() != null && t.getText().contains("stream STALLED"))));
        assertThat(fx(() -> lookup("#" + AttentionView.SUMMARY_ID).queryAs(Label.class).getText())).matches("\\d+ indexers? needs? an operator");

        // A lone problem is told after a short hold (it could have been the first of an incident).
        await().atMost(Duration.ofSeconds(10))
                .until(() -> notifications.stream().skip(before).anyMatch(n -> n.title().contains(victim.id().fullName())));
        Shown shown = notifications.stream().skip(before).filter(n -> n.title().contains(victim.id().fullName())).findFirst().orElseThrow();
        assertThat(shown.title()).startsWith("Stream stalled");
        // Clicking the notification opens the indexer.
        interact(() -> shown.onClick().run());
        assertThat(fx(() -> window.tabs().getSelectionModel().getSelectedItem().getText())).isEqualTo(victim.id().fullName());

        // The fleet, filtered to stalled streams, shows that indexer with its stalled health.
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        CheckComboBox<HealthFacet> health = lookup("#" + FleetView.HEALTH_FILTER_ID).query();
        interact(() -> health.getCheckModel().check(HealthFacet.stream(StreamHealth.STALLED)));
        TableView<IndexerRow> fleet = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> fleet.getItems().contains(victim)));
        assertThat(fx(() -> fleet.getItems().stream().allMatch(r -> r.streamHealth() == StreamHealth.STALLED))).isTrue();
        assertThat(fx(() -> lookup("#" + FleetView.COUNT_ID).queryAs(Label.class).getText())).endsWith(" of " + INDEXERS + " indexers");
        assertThat(reason).isNotBlank();
    }

    @Test
    void clickingALifecycleTileFiltersTheFleet() throws Exception {
        awaitFleetLoaded();
        long suspended = fx(() -> session.fleet().allRows().stream().filter(r -> r.state().lifecycle() == LifecycleState.SUSPENDED).count());
        assertThat(suspended).isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() ->
                lookup("#tile-lifecycle-SUSPENDED").queryAs(Label.class).getText()).equals(Long.toString(suspended)));
        clickOn("#tile-lifecycle-SUSPENDED");
        TableView<IndexerRow> fleet = lookup("#" + FleetView.TABLE_ID).queryTableView();
        assertThat(fx(() -> window.tabs().getSelectionModel().getSelectedItem().getId())).isEqualTo(MainWindow.FLEET_TAB);
        assertThat(fx(() -> fleet.getItems().size())).isEqualTo((int) suspended);
        assertThat(fx(() -> fleet.getItems().stream().allMatch(r -> r.state().lifecycle() == LifecycleState.SUSPENDED))).isTrue();
        // Health tiles work the same way.
        clickOn("#tile-executor-UNKNOWN");
        assertThat(fx(() -> fleet.getItems().stream().allMatch(r -> r.executorHealth() == dev.watchkeeper.model.ExecutorHealth.UNKNOWN))).isTrue();
        assertThat(fx(() -> session.fleet().lifecycleFilter())).isEmpty();
    }

    @Test
    void dataIsMarkedStaleWhenRedisGoesAway() throws Exception {
        awaitFleetLoaded();
        assertThat(fx(() -> lookup("#" + MainWindow.STALE_BANNER_ID).query().isVisible())).isFalse();
        demo.redisServer().stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> lookup("#" + MainWindow.STALE_BANNER_ID).query().isVisible()));
        // how old, relative; when exactly (date and zone) on hover
        assertThat(fx(() -> lookup("#" + MainWindow.STALE_BANNER_ID).queryAs(Label.class).getText())).matches("Stale: data from (\\d+ s|\\d+ min|just now).*");
        assertThat(fx(() -> lookup("#" + MainWindow.STALE_BANNER_ID).queryAs(Label.class).getTooltip().getText()))
                .contains("Data as of " + java.time.LocalDate.now().getYear() + "-").contains(dev.watchkeeper.app.ui.Times.CLOCK_ZONE.format(java.time.Instant.now()).split(" ")[1]);
        assertThat(fx(() -> lookup("#status-redis").queryAs(Label.class).getText())).contains("STALE, data from");
        assertThat(fx(() -> lookup("#status-redis").queryAs(Label.class).getTooltip().getText())).contains("STALE, data as of " + java.time.LocalDate.now().getYear() + "-");
        // The rows stay visible (greyed), not hidden.
        assertThat(fx(() -> session.fleet().sortedRows().size())).isEqualTo(INDEXERS);
    }

    @Test
    void exportWritesTheFilteredSortedViewAsCsv() throws Exception {
        awaitFleetLoaded();
        exportTarget = tmp.resolve("fleet.csv");
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        clickOn("#" + FleetView.FILTER_ID).write("suspended");
        List<IndexerRow> shown = fx(() -> List.copyOf(session.fleet().sortedRows()));
        assertThat(shown).isNotEmpty().hasSizeLessThan(INDEXERS);
        clickOn("#" + MainWindow.EXPORT_BUTTON_ID);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(exportTarget));
        List<String> lines = Files.readAllLines(exportTarget);
        assertThat(lines.getFirst()).isEqualTo(FleetCsv.HEADER);
        assertThat(lines).hasSize(shown.size() + 1);
        assertThat(lines.get(1)).startsWith(shown.getFirst().id().accountId() + "," + shown.getFirst().id().functionName() + ",Suspended,false,");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.contains(",Suspended,false,"));
    }

    @Test
    void themeToggleSwitchesToDarkAndIsRemembered() throws Exception {
        assertThat(Application.getUserAgentStylesheet()).containsIgnoringCase("primer-light");
        clickOn("#" + MainWindow.THEME_BUTTON_ID);
        assertThat(Application.getUserAgentStylesheet()).containsIgnoringCase("primer-dark");
        assertThat(new UiPrefs(prefsNode).darkTheme()).isTrue();
        push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.L);
        assertThat(Application.getUserAgentStylesheet()).containsIgnoringCase("primer-light");
        assertThat(new UiPrefs(prefsNode).darkTheme()).isFalse();
    }

    @Test
    void helpOverlayListsTheShortcutsAndClosesWithEscape() throws Exception {
        assertThat(fx(() -> lookup("#" + HelpOverlay.ID).query().isVisible())).isFalse();
        push(KeyCode.F1);
        assertThat(fx(() -> lookup("#" + HelpOverlay.ID).query().isVisible())).isTrue();
        assertThat(lookup("Ctrl+F").tryQuery()).isPresent();
        push(KeyCode.ESCAPE);
        assertThat(fx(() -> lookup("#" + HelpOverlay.ID).query().isVisible())).isFalse();
    }

    @Test
    void enterOnAFleetRowOpensItsDetailAndCtrlWClosesAndReleasesIt() throws Exception {
        awaitFleetLoaded();
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        TableView<IndexerRow> fleet = lookup("#" + FleetView.TABLE_ID).queryTableView();
        IndexerRow first = fx(() -> fleet.getItems().getFirst());
        clickOn(first.id().accountId());
        push(KeyCode.ENTER);
        assertThat(fx(() -> window.tabs().getSelectionModel().getSelectedItem().getText())).isEqualTo(first.id().fullName());
        dev.watchkeeper.app.detail.IndexerDetailView detail = fx(() -> (dev.watchkeeper.app.detail.IndexerDetailView)
                window.tabs().getSelectionModel().getSelectedItem().getContent());
        assertThat(fx(() -> detail.viewModel().id())).isEqualTo(first.id());
        assertThat(fx(() -> window.fleetView().selection())).containsExactly(first);

        // closed with the keyboard as with the tab's button: the view lets go of its log stream
        Label logStatus = fx(() -> (Label) detail.lookup("#" + dev.watchkeeper.app.logs.LogPane.STATUS_ID));
        push(KeyCode.SHORTCUT, KeyCode.W);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> window.tabs().getTabs().stream().noneMatch(t -> t.getContent() == detail)));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(logStatus::getText).equals("closed"));
    }
}
