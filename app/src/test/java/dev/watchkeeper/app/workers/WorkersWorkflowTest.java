package dev.watchkeeper.app.workers;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.attention.AttentionEntry;
import dev.watchkeeper.app.attention.AttentionView;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.connectors.metrics.IndexerFigures;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import dev.watchkeeper.simulator.WorkerMetricsServer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against the demo control plane with the workers' /metrics: the status bar shows both endpoints,
 * the Workers view and the optional fleet columns show live figures, and an executor whose
 * failures jump is on the attention list.
 */
class WorkersWorkflowTest extends ApplicationTest {

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(30).withTimeFactor(10));
        WorkerMetricsServer metrics = demo.controlPlane().serveMetrics(0, 0);
        ConnectionProfile p = ConsoleSession.adHocProfile("test", demo.coordinatorTarget(), demo.redisUri(), demo.blockStreamerTarget(),
                demo.runnerTarget(), demo.snapshotterNamespace(), Duration.ofSeconds(1), Duration.ofSeconds(5), false)
                .withObservability(new ObservabilitySettings(null, null, null, "http://127.0.0.1:" + metrics.blockStreamerPort() + "/metrics",
                        "http://127.0.0.1:" + metrics.runnerPort() + "/metrics", null, null, Duration.ofMillis(400)));
        session = new ConsoleSession(p, new dev.watchkeeper.model.audit.AuditLog(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "wk-workers-test-audit-" + System.nanoTime() + ".jsonl")));
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

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    @Test
    void workersViewColumnsAndAttentionShowLiveFiguresFromTheMetrics() throws Exception {
        // a healthy baseline first, then the executor starts failing
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> session.workers().revisionProperty().get()) >= 3);
        IndexerId victim = demo.indexers(LifecycleState.RUNNING).get(2);
        demo.faults().executorFailing(victim);

        interact(() -> window.selectTab(MainWindow.WORKERS_TAB));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fx(() -> lookup("#" + WorkersView.AS_OF_ID).queryAs(Label.class).getText())).startsWith("As of ");
            assertThat(fx(() -> lookup("#" + WorkersView.PROCESS_ID).queryAs(GridPane.class).getChildren().stream()
                    .filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList()))
                    .contains("Lake cache hit rate (block streamer)");
            TableView<IndexerFigures> slowest = lookup("#" + WorkersView.SLOWEST_ID).queryTableView();
            assertThat(fx(() -> slowest.getItems().size())).isPositive();
            TableView<IndexerFigures> failing = lookup("#" + WorkersView.FAILING_ID).queryTableView();
            assertThat(fx(() -> failing.getItems().stream().map(IndexerFigures::id).toList())).contains(victim);
        });

        // the status bar shows both endpoints connected
        assertThat(fx(() -> lookup(".label").queryAllAs(Label.class).stream().map(Label::getText)
                .filter(t -> t != null && t.contains("metrics")).toList()))
                .anyMatch(t -> t.startsWith("Streamer metrics")).anyMatch(t -> t.startsWith("Runner metrics"));

        // the failure-rate jump reaches the attention list
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fx(() -> session.workers().jumps().item(victim))).get()
                    .satisfies(i -> assertThat(i.reason()).contains("to 100%"));
            TableView<AttentionEntry> attention = lookup("#" + AttentionView.TABLE_ID).queryTableView();
            assertThat(fx(() -> attention.getItems().stream().filter(e -> e.row().id().equals(victim)).toList())).singleElement()
                    .satisfies(e -> assertThat(e.item().kind() == AttentionKind.FAILURE_RATE_JUMP || e.item().more() > 0).isTrue());
        });
        fx(() -> {
            dev.watchkeeper.app.support.Screenshots.save(window, "workers.png");
            return null;
        });

        // the optional fleet columns are hidden until chosen, then show the figures
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        TableView<IndexerRow> fleet = lookup("#" + FleetView.TABLE_ID).queryTableView();
        List<TableColumn<IndexerRow, ?>> optional = fx(() -> fleet.getColumns().stream()
                .filter(c -> c.getId() != null && c.getId().equals(WorkerColumns.FAILURE_RATE_ID) || WorkerColumns.BLOCKS_PER_SECOND_ID.equals(c.getId()))
                .toList());
        assertThat(optional).hasSize(2).allSatisfy(c -> assertThat(c.isVisible()).isFalse());
        interact(() -> optional.forEach(c -> c.setVisible(true)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            TableColumn<IndexerRow, Double> failures = (TableColumn<IndexerRow, Double>) optional.stream()
                    .filter(c -> WorkerColumns.FAILURE_RATE_ID.equals(c.getId())).findFirst().orElseThrow();
            IndexerRow row = fx(() -> session.fleet().row(victim));
            assertThat(fx(() -> failures.getCellObservableValue(row).getValue())).isEqualTo(1.0);
        });
    }
}
