package dev.watchkeeper.app.incidents;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.app.attention.AttentionEntry;
import dev.watchkeeper.app.attention.AttentionView;
import dev.watchkeeper.app.commands.BulkProgress;
import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.dialogs.ScriptedDialogService;
import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.IncidentScenario;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lake outage on the demo control plane, as the operator lives it: one incident first in the
 * Attention view (its members not listed one by one), one notification, a bulk Restart of the
 * members through the preview, the incident resolving with one more notification, and its report.
 */
class IncidentsWorkflowTest extends ApplicationTest {

    private static final int INDEXERS = 60;

    private record Shown(String title, String text, Runnable onClick) {
    }

    @TempDir
    Path tmp;

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;
    private final ScriptedDialogService dialogs = new ScriptedDialogService();
    private final List<Shown> notifications = new CopyOnWriteArrayList<>();
    private volatile Path exportTarget;

    @Override
    public void start(Stage stage) throws Exception {
        // 30x time: the block streamer's 120 s health check runs every 4 s, the lake is out for 20 s.
        demo = DemoStack.start(SimConfig.defaults().withIndexers(INDEXERS).withTimeFactor(30).withInitialSuspendedShare(0));
        AuditLog audit = new AuditLog(Files.createTempDirectory("wk-incidents").resolve("audit.jsonl"));
        session = new ConsoleSession(ConsoleSession.adHocProfile("test", demo.coordinatorTarget(), demo.redisUri(), demo.blockStreamerTarget(), demo.runnerTarget(),
                demo.snapshotterNamespace(), Duration.ofSeconds(1), Duration.ofSeconds(5), false), audit);
        FileChooserService chooser = (owner, title, name, ext) -> Optional.ofNullable(exportTarget);
        window = new MainWindow(session, new UiPrefs(new MemoryPreferences()), chooser, (t, x, click) -> notifications.add(new Shown(t, x, click)));
        window.incidentsPane().setCommands(session.commands(), dialogs);
        stage.setScene(WatchkeeperApp.scene(window, 1000, 900));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    @Test
    void aLakeOutageIsOneIncidentWithOneNotificationAndItsMembersAreRestartedTogether() throws Exception {
        await().atMost(Duration.ofSeconds(40)).until(() -> fx(() -> window.attentionModel().isArmed()
                && session.fleet().allRows().stream().filter(r -> r.state().lifecycle() == LifecycleState.RUNNING
                && r.streamHealth() == StreamHealth.RUNNING).count() >= 45));

        demo.controlPlane().playIncident(IncidentScenario.LAKE_OUTAGE, Duration.ZERO, 7);

        // One incident, first in the Attention view, collapsed, naming the likely cause.
        await().atMost(Duration.ofSeconds(40)).until(() -> fx(() -> window.incidentsModel().open().size() == 1
                && window.incidentsModel().open().getFirst().size() >= 30));
        Incident incident = fx(() -> window.incidentsModel().open().getFirst());
        Instant openedAt = fx(() -> session.now().getValue());
        assertThat(incident.title()).contains("block streams stalled").contains("around block").contains("likely an upstream data source");
        TitledPane card = fx(() -> window.incidentsPane().card(incident.id()));
        assertThat(card).isNotNull();
        assertThat(fx(card::isExpanded)).isFalse();
        // Its members are under the incident, not listed one by one.
        TableView<AttentionEntry> table = lookup("#" + AttentionView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> table.getItems().stream()
                .noneMatch(e -> window.incidentsModel().inOpenIncident(e))));
        assertThat(notifications).filteredOn(n -> n.title().startsWith("Incident:")).hasSize(1)
                .first().satisfies(n -> assertThat(n.text()).contains("block streams stalled").contains("likely an upstream data source"));

        // Expanded: evidence and members; Restart targets the members still affected, through the preview.
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> window.incidentsModel().open().getFirst().size()) == 40);
        interact(() -> card.setExpanded(true));
        assertThat(fx(() -> lookup(".wk-evidence").queryAllAs(Label.class).stream().map(Label::getText).toList()))
                .anyMatch(t -> t.contains("last published blocks"));
        javafx.scene.control.Button restart = from(card).lookup("#" + CommandBar.id(CommandKind.RESTART)).queryButton();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> !restart.isDisabled()));
        interact(restart::fire);
        await().atMost(Duration.ofSeconds(5)).until(() -> dialogs.asked.size() == 1);
        assertThat(dialogs.asked.getFirst().kind()).isEqualTo(CommandKind.RESTART);
        assertThat(dialogs.asked.getFirst().targets()).hasSize(40);
        BulkProgress progress = dialogs.shown.getFirst();
        assertThat(progress).isNotNull();

        // Restarted, every member recovers: the incident resolves, told once.
        await().atMost(Duration.ofSeconds(60)).until(() -> fx(() -> window.incidentsModel().open().isEmpty()));
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications.stream().anyMatch(n -> n.title().startsWith("Resolved after")));
        Incident resolved = fx(() -> window.incidentsModel().all().getFirst());
        assertThat(resolved.id()).isEqualTo(incident.id());
        assertThat(resolved.timeToRecovery()).isPositive();

        // No member was notified on its own, even after the hold.
        await().atMost(Duration.ofSeconds(60)).until(() -> fx(() -> session.now().getValue()).isAfter(openedAt.plusSeconds(35)));
        List<String> memberNames = resolved.members().stream().map(m -> m.problem().subject()).toList();
        assertThat(notifications).noneMatch(n -> memberNames.stream().anyMatch(name -> n.title().contains(name)));
        assertThat(notifications).filteredOn(n -> n.title().startsWith("Incident:")).hasSize(1);

        // The Incidents tab lists it as resolved; its Markdown report names the Restart issued during it.
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> session.auditViewModel().entries().stream()
                .anyMatch(e -> e.command().equals("Restart"))));
        interact(() -> window.selectTab(MainWindow.INCIDENTS_TAB));
        TableView<Incident> list = lookup("#" + IncidentsView.TABLE_ID).queryTableView();
        assertThat(fx(() -> list.getItems())).extracting(Incident::id).contains(incident.id());
        interact(() -> list.getSelectionModel().select(0));
        exportTarget = tmp.resolve("report.md");
        clickOn("#" + IncidentsView.EXPORT_MD_ID);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(exportTarget) && Files.size(exportTarget) > 0);
        String md = Files.readString(exportTarget);
        assertThat(md).contains("# Incident " + incident.id()).contains("| time to recovery |").contains("command Restart");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> lookup("#" + IncidentsView.EXPORT_RESULT_ID).queryAs(Label.class).getText()).startsWith("Saved "));
    }
}
