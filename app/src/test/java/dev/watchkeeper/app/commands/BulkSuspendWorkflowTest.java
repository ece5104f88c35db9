package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.dialogs.BulkProgressView;
import dev.watchkeeper.app.dialogs.CommandConfirmDialog;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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

/** Bulk suspend through the real dialogs: preview with skipped indexers, progress with per-item results, cancel. */
class BulkSuspendWorkflowTest extends ApplicationTest {

    @TempDir
    static Path dir;
    private DemoStack demo;
    private ConsoleSession session;
    private AuditLog audit;

    @Override
    public void start(Stage stage) {
        // Upstream pace (one lifecycle step a second): a bulk of 20 takes several seconds, time enough to cancel.
        demo = DemoStack.start(SimConfig.defaults().withIndexers(60));
        audit = new AuditLog(dir.resolve("audit-" + System.nanoTime() + ".jsonl"));
        session = new ConsoleSession(ConsoleSession.adHocProfile("bulk", demo.coordinatorTarget(), demo.redisUri(), null, null,
                null, Duration.ofSeconds(2), Duration.ofSeconds(5), false), audit);
        MainWindow window = new MainWindow(session);
        window.selectTab(MainWindow.FLEET_TAB);
        stage.setScene(new Scene(window, 980, 700));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    /** Selects {@code running} Running indexers and {@code suspended} Suspended ones. */
    private List<IndexerRow> select(int running, int suspended) throws Exception {
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() ->
                table.getItems().stream().filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).count() >= running
                        && table.getItems().stream().filter(r -> r.state().lifecycle() == LifecycleState.SUSPENDED).count() >= suspended));
        return fx(() -> {
            List<IndexerRow> pick = new java.util.ArrayList<>(table.getItems().stream()
                    .filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).limit(running).toList());
            pick.addAll(table.getItems().stream().filter(r -> r.state().lifecycle() == LifecycleState.SUSPENDED).limit(suspended).toList());
            table.getSelectionModel().clearSelection();
            pick.forEach(r -> table.getSelectionModel().select(r));
            return pick;
        });
    }

    @Test
    void bulkSuspendPreviewsTheScopeThenShowsEachResult() throws Exception {
        List<IndexerRow> picked = select(5, 1);
        IndexerRow alreadySuspended = picked.getLast();

        clickOn("#" + CommandBar.id(CommandKind.SUSPEND));

        // The preview: five will be suspended, one is skipped with its reason.
        ListView<String> targets = lookup("#" + CommandConfirmDialog.TARGETS_ID).queryListView();
        ListView<String> skipped = lookup("#" + CommandConfirmDialog.SKIPPED_ID).queryListView();
        assertThat(fx(() -> targets.getItems())).hasSize(5);
        assertThat(fx(() -> skipped.getItems())).containsExactly(alreadySuspended.id().fullName() + " — already suspended");
        assertThat(fx(() -> lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText()))
                .isEqualTo("Suspend 5 of 6 selected indexers?");
        assertThat(fx(() -> lookup("#" + CommandConfirmDialog.OK_ID).queryButton().getText())).isEqualTo("Suspend 5");
        clickOn("#" + CommandConfirmDialog.OK_ID);

        // The progress window: every item confirmed by the observed state.
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> lookup("#" + BulkProgressView.SUMMARY_ID).queryAs(Label.class).getText())
                .equals("5 of 5 done, 5 confirmed; 1 skipped"));
        TableView<BulkProgress.Item> results = lookup("#" + BulkProgressView.TABLE_ID).queryTableView();
        assertThat(fx(() -> results.getItems().stream().map(i -> i.resultProperty().get()).distinct().toList())).containsExactly("confirmed");
        assertThat(fx(() -> results.getItems().stream().map(i -> i.detailProperty().get()).distinct().toList())).containsExactly("state is Suspended");
        for (IndexerRow row : picked.subList(0, 5)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> row.state().lifecycle()) == LifecycleState.SUSPENDED);
            assertThat(fx(() -> row.commandNoteProperty().get())).isNull();
        }
        assertThat(audit.read(null)).filteredOn(e -> e.outcome().equals("CONFIRMED")).hasSize(5)
                .allSatisfy(e -> assertThat(e.command()).isEqualTo("Suspend"));
        assertThat(audit.read(null)).extracting(AuditEntry::targets).doesNotContain(List.of(alreadySuspended.id().fullName()));
        clickOn("#" + BulkProgressView.CLOSE_ID);
    }

    @Test
    void cancelStopsSendingAndFollowsWhatWasSent() throws Exception {
        select(20, 0);
        clickOn("#" + CommandBar.id(CommandKind.SUSPEND));
        clickOn("#" + CommandConfirmDialog.OK_ID);
        clickOn("#" + BulkProgressView.CANCEL_ID);

        Label summary = lookup("#" + BulkProgressView.SUMMARY_ID).queryAs(Label.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(summary::getText).startsWith("20 of 20 done"));
        TableView<BulkProgress.Item> results = lookup("#" + BulkProgressView.TABLE_ID).queryTableView();
        List<String> outcomes = fx(() -> results.getItems().stream().map(i -> i.resultProperty().get()).toList());
        assertThat(outcomes).contains("cancelled").doesNotContain("queued", "failed");
        long sent = outcomes.stream().filter(o -> o.equals("confirmed")).count();
        assertThat(sent).isLessThan(20);
        assertThat(fx(() -> lookup("#" + BulkProgressView.CANCEL_ID).queryButton().isDisabled())).isTrue();
        AuditEntry cancelled = audit.read(null).stream().filter(e -> e.outcome().equals("CANCELLED")).findFirst().orElseThrow();
        assertThat(cancelled.targets()).hasSize((int) (20 - sent));
        assertThat(audit.verify().intact()).isTrue();
    }
}
