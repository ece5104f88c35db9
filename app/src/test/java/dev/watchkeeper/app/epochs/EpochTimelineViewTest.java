package dev.watchkeeper.app.epochs;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.support.EpochFixtures;
import dev.watchkeeper.app.support.Screenshots;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.ProjectLane;
import dev.watchkeeper.model.epoch.StateUpdate;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The epoch timeline in its own scene, fed EpochWindow values as the epoch reader would. */
class EpochTimelineViewTest extends ApplicationTest {

    private static final long START = 1_700_000_000L;
    private EpochTimelineViewModel vm;
    private EpochTimelineView view;

    @Override
    public void start(Stage stage) {
        vm = new EpochTimelineViewModel();
        view = new EpochTimelineView(vm, Clock.fixed(Instant.ofEpochSecond(START + 30 * 30 + 5), ZoneOffset.UTC),
                new javafx.beans.property.SimpleObjectProperty<>(Instant.ofEpochSecond(START)));
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(view, 1000, 640));
        stage.show();
    }

    private void feed(EpochWindow w) throws Exception {
        EpochWindow[] before = {null};
        fx(() -> {
            before[0] = w;
            vm.update(w);
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> vm.index().window() == w));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private StateUpdate failedUpdate(ProjectLane lane) {
        return lane.byEpoch().stream().flatMap(List::stream).filter(StateUpdate::failed).findFirst().orElseThrow();
    }

    @Test
    void clickingAFailedStepShowsItsErrorAndRawJson() throws Exception {
        feed(EpochFixtures.window(100, 30, 60, 3, START));
        // Narrow to the failing project so its bar is on screen, then click the red bar.
        clickOn("#" + EpochTimelineView.FAILED_ONLY_ID);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> vm.visibleLanesProperty().get().size()) == 1);
        ProjectLane lane = fx(() -> vm.visibleLanesProperty().get().getFirst());
        assertThat(lane.projectId()).isEqualTo(EpochFixtures.project(3));
        StateUpdate failed = failedUpdate(lane);
        Point2D at = fx(() -> view.canvas().localToScreen(view.canvas().locate(lane, failed)));

        clickOn(at);

        String text = fx(() -> lookup("#" + EpochTimelineView.DETAILS_ID).queryAs(TextArea.class).getText());
        assertThat(text).contains("relayer rejected payload: nonce too low")
                .contains("RELAYER_SEND").contains("failed").contains(lane.projectId()).contains("\"status\": \"failed\"");
        // The hover tooltip names the same error.
        moveTo(at);
        assertThat(fx(() -> TimelineDetails.tooltip(view.canvas().hitAt(
                view.canvas().screenToLocal(at).getX(), view.canvas().screenToLocal(at).getY()))))
                .contains("nonce too low");
        fx(() -> {
            Screenshots.save(view, "epochs-failed-only.png");
            return null;
        });
    }

    @Test
    void failedOnlyAndTextFilterNarrowTheProjects() throws Exception {
        feed(EpochFixtures.window(100, 30, 200, 7, START));
        assertThat(fx(() -> vm.visibleLanesProperty().get().size())).isEqualTo(200);

        clickOn("#" + EpochTimelineView.FAILED_ONLY_ID);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> vm.visibleLanesProperty().get().size()) == 1);

        clickOn("#" + EpochTimelineView.FAILED_ONLY_ID);
        clickOn("#" + EpochTimelineView.FILTER_ID).write("indexer_blocks");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> vm.visibleLanesProperty().get().size()) == 20);
        assertThat(fx(() -> vm.visibleLanesProperty().get().stream().allMatch(l -> l.indexer() != null))).isTrue();
    }

    @Test
    void anUnknownStateGetsItsOwnLabelledLegendEntryAndDetails() throws Exception {
        EpochWindow w = EpochFixtures.withUnknownState(EpochFixtures.window(100, 5, 20, -1, START),
                "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT", EpochFixtures.project(0), START + 4 * 30 + 25);
        feed(w);

        assertThat(fx(() -> lookup(".wk-epoch-legend-item").queryAllAs(Label.class).stream().map(Label::getText).toList()))
                .contains("SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT (unknown state)", EpochStates.SNAPSHOT_FINALIZE);
        ProjectLane lane = fx(() -> vm.index().lanes().stream().filter(l -> l.projectId().equals(EpochFixtures.project(0))).findFirst().orElseThrow());
        StateUpdate unknown = lane.updates(4).stream().filter(u -> !EpochStates.isKnown(u.stateId())).findFirst().orElseThrow();
        clickOn(fx(() -> view.canvas().localToScreen(view.canvas().locate(lane, unknown))));
        assertThat(fx(() -> lookup("#" + EpochTimelineView.DETAILS_ID).queryAs(TextArea.class).getText()))
                .contains("SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT (unknown state)");
    }

    /** The newest epochs, read first at connect, are drawn at once and say that the older ones are still loading. */
    @Test
    void theNewestEpochsAreDrawnWhileTheOlderOnesLoad() throws Exception {
        EpochWindow whole = EpochFixtures.window(100, 30, 50, 4, START);
        EpochWindow newest = new EpochWindow(whole.namespace(), whole.epochs().subList(0, 5), whole.active(), whole.lastEpochDetectedAt(),
                whole.observedAt());
        fx(() -> {
            vm.first(newest, 25);
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> vm.index().window() == newest));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> vm.index().epochs())).hasSize(5);
        assertThat(fx(() -> lookup("#" + EpochTimelineView.SOURCE_ID).queryAs(Label.class).getText()))
                .contains("5 epochs (the newest; 25 older ones loading)");

        feed(whole);
        assertThat(fx(() -> vm.index().epochs())).hasSize(30);
        assertThat(fx(() -> lookup("#" + EpochTimelineView.SOURCE_ID).queryAs(Label.class).getText()))
                .contains("30 epochs").doesNotContain("loading");
    }

    @Test
    void liveWindowsReleaseAndExpireEpochsAndTheHeaderShowsTheSummary() throws Exception {
        feed(EpochFixtures.window(100, 30, 50, 4, START));
        feed(EpochFixtures.window(101, 30, 50, 4, START + 30));
        assertThat(fx(() -> vm.index().epochs().getFirst().epochId())).isEqualTo(101);
        assertThat(fx(() -> vm.index().epochs().getLast().epochId())).isEqualTo(130);
        assertThat(fx(() -> lookup("#" + EpochTimelineView.SOURCE_ID).queryAs(Label.class).getText()))
                .contains("snapshotter active").contains("30 epochs").contains("data as of").contains("last epoch detected");

        // Clicking the newest epoch's header shows its summary: failed count and slowest step.
        Point2D header = fx(() -> {
            var c = view.canvas();
            var lane = vm.index().lanes().getFirst();
            Point2D bar = c.locate(lane, lane.updates(29).getLast());
            return c.localToScreen(bar.getX(), EpochTimelineCanvas.HEADER_HEIGHT / 2);
        });
        clickOn(header);
        assertThat(fx(() -> lookup("#" + EpochTimelineView.DETAILS_ID).queryAs(TextArea.class).getText()))
                .contains("Epoch 130").contains("1 failed").contains("Slowest step");
    }

    @Test
    void anOlderBuildsStateSitsBeforeTheFinalizationAndAFailedBatchBuildIsAnEpochFailure() throws Exception {
        String protocol = "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT";
        String[] olderBuild = {EpochStates.PRELOAD, EpochStates.SNAPSHOT_BUILD, EpochStates.SNAPSHOT_SUBMIT_PAYLOAD_COMMIT,
            EpochStates.RELAYER_SEND, protocol, EpochStates.SNAPSHOT_FINALIZE};
        EpochWindow w = EpochFixtures.withFailedBatchBuild(EpochFixtures.window(100, 5, 20, -1, START, olderBuild),
                "aggregate_24h_top_pairs_lite", "RPC error 429 Too Many Requests", START + 4 * 30 + 3);
        feed(w);

        // the legend follows the timestamps, not "unknown last"
        assertThat(fx(() -> lookup(".wk-epoch-legend-item").queryAllAs(Label.class).stream().map(Label::getText).toList()))
                .containsSubsequence(EpochStates.RELAYER_SEND, protocol + " (unknown state)", EpochStates.SNAPSHOT_FINALIZE);
        // the batch build is no project row
        assertThat(fx(() -> vm.index().lanes().stream().map(ProjectLane::projectId).toList()))
                .hasSize(20).noneMatch(p -> p.startsWith("aggregate_24h_top_pairs_lite"));
        Point2D header = fx(() -> {
            var c = view.canvas();
            var lane = vm.index().lanes().getFirst();
            Point2D bar = c.locate(lane, lane.updates(4).getLast());
            return c.localToScreen(bar.getX(), EpochTimelineCanvas.HEADER_HEIGHT / 2);
        });
        clickOn(header);
        assertThat(fx(() -> lookup("#" + EpochTimelineView.DETAILS_ID).queryAs(TextArea.class).getText()))
                .contains("Epoch 104").contains("20 projects, 0 failed")
                .contains("Batch build failed: aggregate_24h_top_pairs_lite (none of its projects built; field aggregate_24h_top_pairs_lite:UNISWAPV2)")
                .contains("error: RPC error 429");
    }

    @Test
    void anInactiveSnapshotterIsShown() throws Exception {
        EpochWindow w = EpochFixtures.window(100, 3, 5, -1, START);
        feed(new EpochWindow(w.namespace(), w.epochs(), false, null, w.observedAt()));
        assertThat(fx(() -> lookup("#" + EpochTimelineView.SOURCE_ID).queryAs(Label.class).getText())).contains("snapshotter INACTIVE");
    }
}
