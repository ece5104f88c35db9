package dev.watchkeeper.app;

import dev.watchkeeper.app.support.DemoSessions;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Duration;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator who never touches the mouse: find an indexer, open its detail and come back, suspend
 * it, confirm, see it suspended, unsuspend it. Only key presses and typing, against the simulator.
 */
class KeyboardOnlyWorkflowTest extends ApplicationTest {

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(40));
        session = DemoSessions.open(demo);
        window = new MainWindow(session);
        stage.setScene(WatchkeeperApp.scene(window, 900, 700));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    private Node focusOwner() throws Exception {
        return fx(() -> window.getScene().getFocusOwner());
    }

    private Tab selectedTab() throws Exception {
        return fx(() -> window.tabs().getSelectionModel().getSelectedItem());
    }

    @Test
    void suspendConfirmObserveAndUnsuspendWithKeysOnly() throws Exception {
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table.getItems().size()) == 40);
        IndexerRow running = fx(() -> table.getItems().stream()
                .filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).findFirst().orElseThrow());

        // Ctrl+F: the fleet's filter, wherever the console opened; type the indexer's name
        press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        assertThat(selectedTab().getId()).isEqualTo(MainWindow.FLEET_TAB);
        write(running.id().accountId() + " " + running.id().functionName());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> table.getItems().size()) == 1);

        // Down: from the filter into the table, on the first row
        type(KeyCode.DOWN);
        assertThat(focusOwner()).isSameAs(table);
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem())).isSameAs(running);

        // Enter opens the detail; Ctrl+W closes it and returns to the table, selection kept
        type(KeyCode.ENTER);
        assertThat(selectedTab().getId()).isEqualTo("detail-" + running.id().fullName());
        press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        assertThat(selectedTab().getId()).isEqualTo(MainWindow.FLEET_TAB);
        await().atMost(Duration.ofSeconds(2)).until(() -> focusOwner() == table);
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem())).isSameAs(running);

        // Ctrl+Shift+S suspends: the confirmation takes Enter
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.S).release(KeyCode.S, KeyCode.SHIFT, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> lookup("#" + dev.watchkeeper.app.dialogs.CommandConfirmDialog.OK_ID).tryQuery().isPresent()));
        type(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> running.state().lifecycle()) == LifecycleState.SUSPENDED);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> lookup(".wk-lifecycle-cell").queryAllAs(TableCell.class).stream()
                .anyMatch(c -> "Suspended".equals(c.getText()))));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> running.commandNoteProperty().get()) == null);
        // back in the table after the dialog, ready for the next key
        await().atMost(Duration.ofSeconds(2)).until(() -> focusOwner() == table);

        // Ctrl+Shift+U unsuspends (one indexer: undoing a suspend asks nothing)
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.U).release(KeyCode.U, KeyCode.SHIFT, KeyCode.CONTROL);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> running.state().lifecycle()) == LifecycleState.RUNNING);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> lookup(".wk-lifecycle-cell").queryAllAs(TableCell.class).stream()
                .anyMatch(c -> "Running".equals(c.getText()))));
    }
}
