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
    private final SimpleObjectProperty<Instant> clock = new SimpleObjectProperty<>(Instant.now());
    /** What a listener registered before the view's list does while the ranking announces a change. */
    private Runnable onAnnounce = () -> { };
    private AttentionViewModel model;
    private AttentionView view;

    @Override
    public void start(Stage stage) {
        model = new AttentionViewModel(fleet, clock, AttentionRules.defaults(), Duration.ZERO);
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

    /**
     * What the soak does to the list, compressed: problems come, change and go, indexers are
     * deleted and registered again, the clock ticks (every reason with a duration changes), incidents
     * regroup and the table re-filters, sometimes in the middle of an announcement. However it is
     * shuffled, the ranking stays in rank order and the table shows exactly the ungrouped problems.
     */
    @Test
    void aLongShuffleOfProblemsKeepsTheRankingAndTheTableInStep() throws Exception {
        java.util.Random random = new java.util.Random(19);
        LifecycleState[] states = {LifecycleState.RUNNING, LifecycleState.RUNNING, LifecycleState.REPAIRING,
                LifecycleState.SUSPENDED, LifecycleState.INITIALIZING};
        onAnnounce = () -> {
            if (random.nextInt(8) == 0 && !model.ranked().isEmpty()) {
                grouped.add(model.ranked().get(random.nextInt(model.ranked().size())).row().id());
                view.refilter();
            }
            if (random.nextInt(10) == 0) {
                model.recompute();
            }
        };
        fx(() -> {
            fleet.applyAll(List.of(StateBatch.full(fleetOf(0, 300, LifecycleState.RUNNING), Instant.now())));
            model.recompute();
            return null;
        });
        for (int round = 0; round < 300; round++) {
            fx(() -> {
                List<IndexerState> changes = new ArrayList<>();
                Set<IndexerId> removed = new HashSet<>();
                for (int k = 0; k < 1 + random.nextInt(30); k++) {
                    int i = random.nextInt(300);
                    if (random.nextInt(20) == 0) {
                        removed.add(new IndexerId("ops.near", "f" + i));
                    } else {
                        changes.addAll(fleetOf(i, 1, states[random.nextInt(states.length)]));
                    }
                }
                changes.removeIf(st -> removed.contains(st.id()));
                fleet.applyAll(List.of(StateBatch.changes(changes, removed, Instant.now())));
                if (random.nextInt(4) == 0) {
                    grouped.removeIf(id -> random.nextBoolean());
                    view.refilter();
                }
                clock.set(clock.get().plusSeconds(1));
                model.recompute();
                return null;
            });
        }
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(uncaught).isEmpty();
        List<AttentionEntry> ranked = fx(() -> List.copyOf(model.ranked()));
        assertThat(ranked).isSortedAccordingTo((a, b) -> dev.watchkeeper.model.attention.AttentionItem.RANKING.compare(a.item(), b.item()));
        assertThat(ranked).extracting(e -> e.row().id()).doesNotHaveDuplicates();
        List<dev.watchkeeper.app.fleet.IndexerRow> rows = fx(() -> List.copyOf(fleet.allRows()));
        assertThat(ranked).as("only rows still in the fleet").allSatisfy(e -> assertThat(rows).anyMatch(r -> r == e.row()));
        assertThat(ranked).as("some problems left at the end").isNotEmpty();
        fx(() -> {
            view.refilter();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> List.copyOf(view.table().getItems()))).containsExactlyInAnyOrderElementsOf(
                ranked.stream().filter(e -> !grouped.contains(e.row().id())).toList());
    }
}
