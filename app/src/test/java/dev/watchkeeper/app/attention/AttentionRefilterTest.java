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
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak found the Attention table throwing IndexOutOfBoundsException on the FX thread when
 * incidents regrouped problems while the problem list was still announcing a change: the table's
 * filter was re-run in the middle of that announcement. A regrouping now re-filters after it.
 */
class AttentionRefilterTest extends ApplicationTest {

    private final FleetViewModel fleet = new FleetViewModel();
    private final Set<IndexerId> grouped = new HashSet<>();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final AtomicInteger nested = new AtomicInteger();
    /** What a listener registered before the view's list does while the ranking announces a change. */
    private Runnable onAnnounce = () -> { };
    private AttentionViewModel model;
    private AttentionView view;

    @Override
    public void start(Stage stage) {
        model = new AttentionViewModel(fleet, new SimpleObjectProperty<>(Instant.now()), AttentionRules.defaults(), Duration.ZERO);
        // registered before the view's own list: it hears each change first, as the incidents model can
        model.ranked().addListener((ListChangeListener<AttentionEntry>) c -> onAnnounce.run());
        view = new AttentionView(model);
        view.showIncidents(new Label("incidents"), e -> !grouped.contains(e.row().id()));
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
    void problemsRegroupedWhileTheListAnnouncesAChangeAreFilteredWithoutAnError() throws Exception {
        // as the incidents model can: regroup, and ask the table to re-filter
        onAnnounce = () -> {
            if (!model.ranked().isEmpty()) {
                grouped.add(model.ranked().getFirst().row().id());
                view.refilter();
            }
        };
        fx(() -> {
            fleet.applyAll(List.of(StateBatch.full(fleetOf(0, 40, LifecycleState.RUNNING), Instant.now())));
            model.recompute();
            return null;
        });
        for (int round = 0; round < 10; round++) {
            int r = round;
            fx(() -> {
                // problems come and go: some indexers fail provisioning, earlier ones recover
                List<IndexerState> changes = new ArrayList<>(fleetOf(r * 3, 3, LifecycleState.RUNNING));
                changes.addAll(fleetOf(r * 3 + 3, 4, LifecycleState.REPAIRING));
                fleet.applyAll(List.of(StateBatch.changes(changes, Set.of(), Instant.now())));
                model.recompute();
                return null;
            });
        }
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(uncaught).isEmpty();
        int problems = fx(() -> model.ranked().size());
        assertThat(problems).isPositive();
        assertThat(fx(() -> view.table().getItems().size())).as("every problem not grouped is in the table")
                .isEqualTo(fx(() -> (int) model.ranked().stream().filter(e -> !grouped.contains(e.row().id())).count()));
    }

    /**
     * The soak also saw the ranking change again while still announcing the previous change: an
     * evaluation asked for during the announcement (as a table or an incident regrouping can) now
     * waits until it is over, and the table still shows every problem.
     */
    @Test
    void anEvaluationAskedForDuringTheRankingsAnnouncementRunsAfterIt() throws Exception {
        onAnnounce = () -> {
            int n = nested.incrementAndGet();
            if (n <= 5) {
                // more indexers fail while the ranking announces the last ones
                fleet.applyAll(List.of(StateBatch.changes(fleetOf(100 + n * 4, 4, LifecycleState.REPAIRING), Set.of(), Instant.now())));
                model.recompute();
            }
        };
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
