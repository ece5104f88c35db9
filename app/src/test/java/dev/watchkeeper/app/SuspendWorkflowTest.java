package dev.watchkeeper.app;

import dev.watchkeeper.app.support.DemoSessions;
import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Duration;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The walking skeleton end to end: demo stack → Redis → table; button → gRPC → Redis → table. */
class SuspendWorkflowTest extends ApplicationTest {

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(40));
        session = DemoSessions.open(demo);
        window = new MainWindow(session);
        stage.setScene(WatchkeeperApp.scene(window, 900, 700));
        stage.setTitle(WatchkeeperApp.TITLE + " — test");
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    @Test
    void suspendThenUnsuspendARunningIndexer() throws Exception {
        // The console opens on the Attention tab; the operator goes to the fleet.
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table.getItems().size()) == 40);

        IndexerRow running = fx(() -> table.getItems().stream()
                .filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).findFirst().orElseThrow());
        // Narrow the table to that indexer by typing its name, as an operator would.
        clickOn("#" + FleetView.FILTER_ID).write(running.id().accountId() + " " + running.id().functionName());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> table.getItems().size()) == 1);
        clickOn(running.id().accountId());
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem())).isSameAs(running);

        clickOn("#" + CommandBar.id(CommandKind.SUSPEND));
        // Suspend asks for a confirmation naming what will happen.
        clickOn("#" + dev.watchkeeper.app.dialogs.CommandConfirmDialog.OK_ID);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> running.state().lifecycle()) == LifecycleState.SUSPENDED);
        // the cell shows the new state from the next pulse on, not at once
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> lookup(".wk-lifecycle-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .anyMatch(c -> "Suspended".equals(c.getText()))));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> running.commandNoteProperty().get()) == null);

        // why Suspend is unavailable now is read whole under the toolbar, not cut after "already …"
        moveTo("#" + CommandBar.id(CommandKind.SUSPEND) + "Wrapper");
        javafx.scene.control.Label hint = lookup("#" + CommandBar.HINT_ID).queryAs(javafx.scene.control.Label.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(hint::getText).startsWith("Suspend unavailable: already"));
        assertThat(fx(() -> ((javafx.scene.text.Text) hint.lookup(".text")).getText())).isEqualTo(fx(hint::getText));

        clickOn("#" + CommandBar.id(CommandKind.UNSUSPEND));
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> running.state().lifecycle()) == LifecycleState.RUNNING);
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.SUSPEND)).queryButton().isDisabled())).isFalse();
    }
}
