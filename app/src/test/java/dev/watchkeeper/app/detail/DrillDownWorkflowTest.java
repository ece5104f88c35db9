package dev.watchkeeper.app.detail;

import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.epochs.EpochTimelineView;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.logs.LogPane;
import dev.watchkeeper.app.support.Screenshots;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Duration;
import java.util.Objects;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Against the demo control plane: the main window opens an indexer's detail, with its logs; the Epochs tab shows the pooler. */
class DrillDownWorkflowTest extends ApplicationTest {

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(30).withProjectsPerEpoch(40).withTimeFactor(10));
        session = new ConsoleSession(ConsoleSession.demoProfile(demo, "test", Duration.ofSeconds(1), Duration.ofSeconds(5)), AuditLog.atDefaultLocation());
        window = new MainWindow(session);
        Scene scene = new Scene(window, 1000, 800);
        scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    @Test
    void enterOnAFleetRowOpensItsDetailWithLifecycleAndLiveLogs() throws Exception {
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> table.getItems().size()) == 30);
        IndexerRow running = fx(() -> table.getItems().stream().filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).findFirst().orElseThrow());
        interact(() -> {
            table.getSelectionModel().clearAndSelect(table.getItems().indexOf(running));
            table.requestFocus();
        });
        type(KeyCode.ENTER);

        IndexerDetailView detail = await().atMost(Duration.ofSeconds(10)).until(
                () -> fx(() -> lookup(".wk-detail").queryAllAs(IndexerDetailView.class).stream()
                        .filter(v -> v.viewModel().id().equals(running.id())).findFirst().orElse(null)), Objects::nonNull);
        assertThat(fx(() -> detail.viewModel().transitions().getFirst().transition().state().lifecycle())).isEqualTo(LifecycleState.RUNNING);
        assertThat(fx(() -> detail.viewModel().rawStateProperty().get())).contains("\"lifecycle_state\" : \"Running\"");

        // The simulator's Logs stream reaches the pane.
        @SuppressWarnings("unchecked")
        ListView<Object> logs = (ListView<Object>) fx(() -> detail.lookup("#" + LogPane.LIST_ID));
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> logs.getItems().size()) > 0);
        // Health arrives from the block streamer and the runner.
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> detail.viewModel().streamProperty().get() != null
                && detail.viewModel().executorProperty().get() != null));
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> detail.viewModel().samples().size()) >= 2);
        fx(() -> {
            Screenshots.save(window, "demo-detail.png");
            return null;
        });

        // Closing the tab stops its log stream.
        javafx.scene.control.Label logStatus = fx(() -> (javafx.scene.control.Label) detail.lookup("#" + LogPane.STATUS_ID));
        assertThat(fx(logStatus::getText)).isEqualTo("● live");
        interact(() -> window.tabs().getTabs().removeIf(t -> t.getContent() == detail));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(logStatus::getText).equals("closed"));
    }

    @Test
    void theEpochsTabShowsThePoolerEpochs() throws Exception {
        interact(() -> window.selectTab(MainWindow.EPOCHS_TAB));
        EpochTimelineView view = await().atMost(Duration.ofSeconds(10)).until(
                () -> fx(() -> (EpochTimelineView) lookup(".wk-epochs").query()), Objects::nonNull);
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> session.epochTimeline().index().epochs().size()) >= 2);
        assertThat(fx(() -> session.epochTimeline().index().lanes().size())).isGreaterThan(0);
        assertThat(fx(() -> session.epochTimeline().index().byIndexer().isEmpty())).isFalse();
        assertThat(fx(() -> ((javafx.scene.control.Label) view.lookup("#" + EpochTimelineView.SOURCE_ID)).getText()))
                .contains("UNISWAPV2").contains("data as of");
        fx(() -> {
            Screenshots.save(window, "demo-epochs.png");
            return null;
        });
    }
}
