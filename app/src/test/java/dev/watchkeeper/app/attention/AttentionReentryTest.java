package dev.watchkeeper.app.attention;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.attention.AttentionRules;
import javafx.application.Application;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak saw the Attention table's filtered list handed a change for an index past the end of the
 * ranking (IndexOutOfBoundsException on the FX thread, then every later change failing): the ranking
 * had changed again while it was still announcing the previous change. Here a listener asks for a
 * new evaluation in the middle of an announcement, as a table or an incident regrouping can; the
 * evaluation waits until the announcement is over and the table still shows every problem.
 */
class AttentionReentryTest extends ApplicationTest {

    private final FleetViewModel fleet = new FleetViewModel();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final AtomicInteger nested = new AtomicInteger();
    private AttentionViewModel model;
    private AttentionView view;

    @Override
    public void start(Stage stage) {
        model = new AttentionViewModel(fleet, new SimpleObjectProperty<>(Instant.now()), AttentionRules.defaults(), Duration.ZERO);
        // registered before the view's list, so the view hears each change after this listener
        model.ranked().addListener((ListChangeListener<AttentionEntry>) c -> {
            int n = nested.incrementAndGet();
            if (n <= 5) {
                // more indexers fail while the ranking announces the last ones
                fleet.applyAll(List.of(StateBatch.changes(fleetOf(100 + n * 4, 4, LifecycleState.REPAIRING), Set.of(), Instant.now())));
                model.recompute();
            }
        });
        view = new AttentionView(model);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(view, 900, 500);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/dev/watchkeeper/app/watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    }

    private static List<IndexerState> fleetOf(int from, int n, LifecycleState state) {
        List<IndexerState> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(IndexerState.of(new IndexerId("ops.near", "f" + i), state, true));
        }
        return out;
    }

    @Test
    void anEvaluationAskedForDuringTheRankingsAnnouncementRunsAfterItAndTheTableShowsEveryProblem() throws Exception {
        fx(() -> {
            fleet.applyAll(List.of(StateBatch.full(fleetOf(0, 40, LifecycleState.RUNNING), Instant.now())));
            model.recompute();
            fleet.applyAll(List.of(StateBatch.changes(fleetOf(0, 3, LifecycleState.REPAIRING), Set.of(), Instant.now())));
            model.recompute();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(uncaught).isEmpty();
        assertThat(nested.get()).as("the listener asked for evaluations").isGreaterThan(1);
        assertThat(fx(() -> model.ranked().size())).as("3 first, then 5 × 4 more").isEqualTo(23);
        assertThat(fx(() -> view.table().getItems().size())).isEqualTo(23);
    }
}
