package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.dialogs.CommandConfirmDialog;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
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
import java.util.List;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Delete through the real dialog against the demo's coordinator (with the operator extension). */
class DeleteWorkflowTest extends ApplicationTest {

    @TempDir
    static Path dir;
    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;
    private AuditLog audit;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(20).withTimeFactor(4));
        audit = new AuditLog(dir.resolve("audit-" + System.nanoTime() + ".jsonl"));
        session = new ConsoleSession(ConsoleSession.adHocProfile("delete-test", demo.coordinatorTarget(), demo.redisUri(), null, null,
                null, Duration.ofSeconds(2), Duration.ofSeconds(5), false), audit);
        window = new MainWindow(session);
        window.selectTab(MainWindow.FLEET_TAB);
        stage.setScene(new Scene(window, 980, 700));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    private List<IndexerRow> selectRunning(int n) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> session.commands().unsupportedReason(CommandKind.DELETE) == null));
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> table.getItems().stream()
                .filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).count() >= n));
        return fx(() -> {
            List<IndexerRow> rows = table.getItems().stream().filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).limit(n).toList();
            table.getSelectionModel().clearSelection();
            rows.forEach(r -> table.getSelectionModel().select(r));
            return rows;
        });
    }

    private boolean okDisabled() throws Exception {
        return fx(() -> lookup("#" + CommandConfirmDialog.OK_ID).queryButton().isDisabled());
    }

    @Test
    void deleteNeedsAReasonAndTheTypedNameThenIsConfirmedAndAudited() throws Exception {
        IndexerRow row = selectRunning(1).getFirst();
        IndexerId id = row.id();
        String name = id.fullName();

        clickOn("#" + CommandBar.id(CommandKind.DELETE));
        assertThat(fx(() -> lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText()))
                .isEqualTo("Delete " + name + "?");
        assertThat(okDisabled()).isTrue();
        clickOn("#" + CommandConfirmDialog.REASON_ID).write("abandoned since the 2024 migration");
        assertThat(okDisabled()).isTrue();
        clickOn("#" + CommandConfirmDialog.TYPED_ID).write(id.accountId());
        assertThat(okDisabled()).isTrue();
        write(name.substring(id.accountId().length()));
        assertThat(okDisabled()).isFalse();
        clickOn("#" + CommandConfirmDialog.OK_ID);

        await().atMost(Duration.ofSeconds(30)).until(() -> audit.read(null).stream().anyMatch(e -> e.outcome().equals("CONFIRMED")));
        AuditEntry last = audit.read(null).getLast();
        assertThat(last.command()).isEqualTo("Delete");
        assertThat(last.targets()).containsExactly(name);
        assertThat(last.reason()).isEqualTo("abandoned since the 2024 migration");
        assertThat(last.detail()).matches("state is (Deleting|Deleted|no longer listed)");
        assertThat(last.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(last.profile()).isEqualTo("delete-test");
        assertThat(audit.read(null)).extracting(AuditEntry::outcome).containsExactly("SENDING", "CONFIRMED");
        assertThat(audit.verify().intact()).isTrue();
        // The row shows the new state (or is gone once Deleted), and no pending note is left.
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> {
            IndexerRow now = session.fleet().row(id);
            return now == null || (java.util.Set.of(LifecycleState.DELETING, LifecycleState.DELETED).contains(now.state().lifecycle()) && now.commandNoteProperty().get() == null);
        }));
    }

    @Test
    void bulkDeleteAsksToTypeTheCountAndCancelSendsNothing() throws Exception {
        selectRunning(2);

        clickOn("#" + CommandBar.id(CommandKind.DELETE));
        clickOn("#" + CommandConfirmDialog.REASON_ID).write("cleanup");
        clickOn("#" + CommandConfirmDialog.TYPED_ID).write("delete 2 indexer");
        assertThat(okDisabled()).isTrue();
        write("s");
        assertThat(okDisabled()).isFalse();
        clickOn("Cancel");

        assertThat(fx(() -> lookup("#" + CommandBar.HINT_ID).queryAs(Label.class).getText())).isEqualTo("Delete cancelled; nothing was sent");
        assertThat(audit.read(null)).isEmpty();
    }
}
