package dev.watchkeeper.app.epochs;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.support.EpochFixtures;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The time axis of the epoch timeline: every epoch stays readable (about
 * {@link EpochTimelineCanvas#EPOCH_WIDTH} px) whatever the first window held and whatever absurd
 * time one key carries, and the newest epoch's header stays on screen.
 */
class EpochTimelineAxisTest extends ApplicationTest {

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

    @AfterEach
    void lightTheme() throws Exception {
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            return null;
        });
    }

    private void feed(EpochWindow w) throws Exception {
        fx(() -> {
            vm.update(w);
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> vm.index().window() == w));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Pixels between the releases of epochs {@code e} and {@code e + 1} (oldest first). */
    private double epochWidth(int e) throws Exception {
        return fx(() -> view.canvas().epochX(e + 1) - view.canvas().epochX(e));
    }

    private void assertEpochsReadableAndNewestShown() throws Exception {
        int n = fx(() -> vm.index().epochs().size());
        assertThat(epochWidth(n - 2)).isBetween(EpochTimelineCanvas.EPOCH_WIDTH * 0.8, EpochTimelineCanvas.EPOCH_WIDTH * 1.25);
        double newest = fx(() -> view.canvas().epochX(n - 1));
        double right = fx(() -> view.canvas().getWidth());
        assertThat(newest).isBetween(EpochTimelineCanvas.LABEL_WIDTH, right - 40);
    }

    /** The window with one extra update in its newest epoch. */
    private static EpochWindow withExtraUpdate(EpochWindow w, String project, long timestamp) {
        List<Epoch> epochs = new ArrayList<>(w.epochs());
        Epoch last = epochs.removeLast();
        Map<String, List<StateUpdate>> states = new HashMap<>(last.states());
        List<StateUpdate> build = new ArrayList<>(states.get(EpochStates.SNAPSHOT_BUILD));
        build.add(EpochFixtures.update(project, EpochStates.SNAPSHOT_BUILD, timestamp, false, null, null));
        states.put(EpochStates.SNAPSHOT_BUILD, build);
        epochs.add(new Epoch(last.epochId(), last.releasedAt(), states));
        return new EpochWindow(w.namespace(), epochs, w.active(), w.lastEpochDetectedAt(), w.observedAt());
    }

    @Test
    void aFirstWindowWithOneEpochThenThirtyIsFittedAgain() throws Exception {
        feed(EpochFixtures.window(100, 1, 20, -1, START));
        feed(EpochFixtures.window(100, 30, 20, 3, START));

        assertEpochsReadableAndNewestShown();
        assertThat(fx(() -> view.canvas().isManualZoom())).isFalse();
    }

    @Test
    void aFarFutureTimestampNeitherSquashesTheEpochsNorHides() throws Exception {
        long future = START + 400L * 86_400;
        feed(withExtraUpdate(EpochFixtures.window(19_013, 30, 40, 3, START), "pair:0xfuture:UNISWAPV2", future));

        assertEpochsReadableAndNewestShown();
        assertThat(fx(() -> vm.index().outlierUpdates())).isEqualTo(1);
        assertThat(fx(() -> vm.index().offAxis(future))).isTrue();
    }

    @Test
    void aStaleEpochLeftFromAnEarlierRunIsPlacedByItsNumberAndFlagged() throws Exception {
        EpochWindow w = EpochFixtures.window(19_013, 30, 40, 3, START);
        List<Epoch> epochs = new ArrayList<>(w.epochs());
        long stale = START - 3 * 86_400;
        epochs.add(new Epoch(19_012, stale, Map.of(EpochStates.SNAPSHOT_BUILD,
                List.of(EpochFixtures.update(EpochFixtures.project(0), EpochStates.SNAPSHOT_BUILD, stale + 3, false, null, null)))));
        feed(new EpochWindow(w.namespace(), epochs, true, null, w.observedAt()));

        assertEpochsReadableAndNewestShown();
        assertThat(fx(() -> vm.index().suspect(19_012))).isTrue();
        assertThat(epochWidth(0)).isBetween(EpochTimelineCanvas.EPOCH_WIDTH * 0.8, EpochTimelineCanvas.EPOCH_WIDTH * 1.25);
    }

    @Test
    void epochsReleasedInTheSameSecondEachGetAReadableColumn() throws Exception {
        // A restarted snapshotter back-fills its whole window at one instant, then releases on its period.
        EpochWindow w = EpochFixtures.window(19_013, 30, 40, 3, START);
        List<Epoch> epochs = new ArrayList<>();
        for (Epoch e : w.epochs()) {
            long released = e.epochId() < 19_040 ? START : e.releasedAt();
            epochs.add(new Epoch(e.epochId(), released, e.states()));
        }
        feed(new EpochWindow(w.namespace(), epochs, true, null, w.observedAt()));

        for (int e = 0; e < 29; e++) {
            assertThat(epochWidth(e)).as("epoch %d", e).isGreaterThanOrEqualTo(EpochAxis.MIN_EPOCH_PX);
        }
        double newest = fx(() -> view.canvas().epochX(29));
        assertThat(newest).isBetween(EpochTimelineCanvas.LABEL_WIDTH, fx(() -> view.canvas().getWidth()) - 40);
    }

    @Test
    void aHandSetZoomIsKeptUntilFitIsPressed() throws Exception {
        feed(EpochFixtures.window(100, 30, 20, 3, START));
        fx(() -> {
            view.canvas().zoomProperty().set(2);
            return null;
        });
        feed(EpochFixtures.window(101, 30, 20, 3, START + 45));
        assertThat(fx(() -> view.canvas().zoomProperty().get())).isEqualTo(2);

        clickOn("#" + EpochTimelineView.FIT_ID);

        assertEpochsReadableAndNewestShown();
        assertThat(fx(() -> view.canvas().isManualZoom())).isFalse();
    }

    @Test
    void theDarkThemeDrawsADarkTimeline() throws Exception {
        feed(EpochFixtures.window(100, 30, 20, 3, START));
        double lightLabels = labelColumnBrightness();
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(lightLabels).isGreaterThan(0.8);
        await().atMost(Duration.ofSeconds(5)).until(() -> labelColumnBrightness() < 0.3);
    }

    /** Brightness of the project-label column's background, away from any text. */
    private double labelColumnBrightness() throws Exception {
        return fx(() -> {
            WritableImage img = view.canvas().snapshot(null, null);
            Color c = img.getPixelReader().getColor((int) EpochTimelineCanvas.LABEL_WIDTH - 8, (int) img.getHeight() - 30);
            return c.getBrightness();
        });
    }
}
