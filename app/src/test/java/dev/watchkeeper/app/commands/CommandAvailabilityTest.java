package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.dialogs.CommandConfirmDialog;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console against an upstream-only coordinator (the demo behind a facade that serves only
 * IndexerManager): the extension's commands are disabled and say why; if one is sent anyway it
 * fails clearly and is audited; a read-only profile disables everything.
 */
class CommandAvailabilityTest extends ApplicationTest {

    @TempDir
    static Path dir;
    private DemoStack demo;
    private UpstreamOnlyCoordinator upstream;
    private ConsoleSession session;
    private MainWindow window;
    private AuditLog audit;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(20));
        upstream = new UpstreamOnlyCoordinator(demo.coordinatorTarget());
        audit = new AuditLog(dir.resolve("audit-" + System.nanoTime() + ".jsonl"));
        session = new ConsoleSession(ConsoleSession.adHocProfile("upstream", upstream.target(), demo.redisUri(), null, null,
                null, Duration.ofSeconds(2), Duration.ofSeconds(5), false), audit);
        window = new MainWindow(session);
        window.selectTab(MainWindow.FLEET_TAB);
        stage.setScene(new Scene(window, 980, 700));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        upstream.close();
        demo.close();
    }

    private IndexerRow selectRunning() throws Exception {
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> table.getItems().stream()
                .anyMatch(r -> r.state().lifecycle() == LifecycleState.RUNNING)));
        return fx(() -> {
            IndexerRow row = table.getItems().stream().filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).findFirst().orElseThrow();
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(row);
            table.scrollTo(row);
            return row;
        });
    }

    private CommandBar bar() {
        return lookup(".wk-command-bar").queryAs(CommandBar.class);
    }

    private String hint() {
        return lookup("#" + CommandBar.HINT_ID).queryAs(Label.class).getText();
    }

    private void awaitUpstreamDetected() {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> {
            String why = session.commands().unsupportedReason(CommandKind.DELETE);
            return why != null && why.contains("does not implement");
        }));
    }

    @Test
    void extensionCommandsAreDisabledAgainstAnUpstreamCoordinatorAndSayWhy() throws Exception {
        selectRunning();
        awaitUpstreamDetected();
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.DELETE)).queryButton().isDisabled())).isTrue();

        moveTo("#" + CommandBar.id(CommandKind.DELETE) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).startsWith("Delete unavailable: the coordinator"));
        assertThat(fx(this::hint)).contains("does not implement Delete", "upstream coordinator without Watchkeeper's operator extension");
        // The tooltip on the wrapper shows although the button is disabled.
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> bar().tooltip(CommandKind.DELETE).isShowing()));
        assertThat(fx(() -> bar().tooltip(CommandKind.DELETE).getText())).contains("does not implement Delete");

        moveTo("#" + CommandBar.id(CommandKind.RESTART) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).contains("does not implement Restart"));
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.REPAIR)).queryButton().isDisabled())).isTrue();

        // Upstream does implement Suspend: enabled for a Running indexer, and the hint names its effect.
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.SUSPEND)).queryButton().isDisabled())).isFalse();
        moveTo("#" + CommandBar.id(CommandKind.SUSPEND) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).startsWith("Suspend: stops the block stream"));
    }

    @Test
    void aDeleteSentToAnUpstreamCoordinatorFailsClearlyAndIsAudited() throws Exception {
        IndexerRow row = selectRunning();
        awaitUpstreamDetected();
        // As if the check had found the extension (e.g. the coordinator was downgraded since).
        interact(() -> session.commands().capabilitiesProperty().set(Capabilities.all()));

        clickOn("#" + CommandBar.id(CommandKind.DELETE));
        clickOn("#" + CommandConfirmDialog.REASON_ID).write("cleanup");
        clickOn("#" + CommandConfirmDialog.TYPED_ID).write(row.id().fullName());
        clickOn("#" + CommandConfirmDialog.OK_ID);

        await().atMost(Duration.ofSeconds(15)).until(() -> {
            String note = fx(() -> row.commandNoteProperty().get());
            return note != null && note.startsWith("Delete unavailable");
        });
        assertThat(fx(() -> row.commandNoteProperty().get())).contains("does not implement Delete");
        assertThat(fx(() -> row.state().lifecycle())).isEqualTo(LifecycleState.RUNNING);
        // The console learned it: Delete is disabled again, with the coordinator's answer as the reason.
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.DELETE)).queryButton().isDisabled())).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> audit.read(null).size() == 2);
        AuditEntry last = audit.read(null).getLast();
        assertThat(last.command()).isEqualTo("Delete");
        assertThat(last.outcome()).isEqualTo("UNAVAILABLE");
        assertThat(last.reason()).isEqualTo("cleanup");
        assertThat(last.detail()).contains("does not implement Delete");
    }

    @Test
    void aReadOnlyProfileDisablesEveryCommandButHidesNothing() throws Exception {
        selectRunning();
        interact(() -> session.commands().readOnlyProperty().set(true));

        for (CommandKind kind : CommandKind.values()) {
            assertThat(fx(() -> lookup("#" + CommandBar.id(kind)).queryButton().isDisabled())).as(kind.label()).isTrue();
            assertThat(fx(() -> lookup("#" + CommandBar.id(kind)).queryButton().isVisible())).isTrue();
        }
        assertThat(fx(this::hint)).isEqualTo("Read-only profile: commands are disabled");
        moveTo("#" + CommandBar.id(CommandKind.SUSPEND) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).equals("Suspend unavailable: this connection profile is read-only"));
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        assertThat(fx(() -> table.getItems().size())).isEqualTo(20);
    }
}
