package dev.watchkeeper.app.submissions;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.detail.DrillDown;
import dev.watchkeeper.connectors.pooler.PoolerCoreApi;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.PoolerCoreApiServer;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Epochs tab with the pooler core API: submissions beside the timeline, a project's missed submissions on selection. */
class SubmissionsWorkflowTest extends ApplicationTest {

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(10).withProjectsPerEpoch(100).withTimeFactor(10));
        PoolerCoreApiServer api = demo.controlPlane().servePoolerApi(0);
        ConnectionProfile p = ConsoleSession.adHocProfile("test", demo.coordinatorTarget(), demo.redisUri(), null, null,
                demo.snapshotterNamespace(), Duration.ofSeconds(1), Duration.ofSeconds(5), false)
                .withObservability(new ObservabilitySettings(null, null, null, null, null, null, "http://127.0.0.1:" + api.port(), Duration.ofSeconds(2)));
        session = new ConsoleSession(p, new dev.watchkeeper.model.audit.AuditLog(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "wk-submissions-test-audit-" + System.nanoTime() + ".jsonl")));
        window = new MainWindow(session);
        DrillDown.install(window, session);
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
    void missedSubmissionsAreShownBesideTheEpochTimeline() throws Exception {
        interact(() -> window.selectTab(MainWindow.EPOCHS_TAB));
        TableView<PoolerCoreApi.ProjectStatus> table = lookup("#" + SubmissionsView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table.getItems().size()) == 100);
        assertThat(fx(() -> lookup("#" + SubmissionsView.TOTALS_ID).queryAs(Label.class).getText())).contains("missed").contains("as of");
        PoolerCoreApi.ProjectStatus worst = fx(() -> table.getItems().getFirst());
        assertThat(worst.missed() + worst.incorrect()).as("most missed and incorrect first").isPositive();
        interact(() -> table.getSelectionModel().select(0));
        @SuppressWarnings("unchecked")
        ListView<String> details = lookup("#" + SubmissionsView.DETAILS_ID).queryAs(ListView.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fx(() -> details.getItems()))
                .hasSize((int) (worst.missed() + worst.incorrect())).allMatch(l -> l.startsWith("epoch ")));
    }
}
