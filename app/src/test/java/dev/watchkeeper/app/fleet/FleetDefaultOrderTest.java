package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.attention.AttentionViewModel;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.attention.AttentionRules;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet opens with what needs an operator on top (attention rank, then account), and the order
 * a user picks is remembered for their connection profile, not for the others.
 */
class FleetDefaultOrderTest extends ApplicationTest {

    private final UiPrefs prefs = new UiPrefs(new MemoryPreferences());
    private final SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(Instant.now());
    private FleetViewModel fleet;
    private AttentionViewModel attention;
    private FleetView view;
    private Stage stage;

    private static IndexerId id(String account) {
        return new IndexerId(account + ".near", "fn");
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        fleet = new FleetViewModel();
        List<IndexerState> all = new ArrayList<>();
        for (String a : List.of("carl", "amy", "dora", "bob", "zed", "eve")) {
            all.add(IndexerState.of(id(a), LifecycleState.RUNNING, true));
        }
        all.set(1, IndexerState.of(id("amy"), LifecycleState.REPAIRING, true));
        all.set(3, IndexerState.missing(id("bob")));
        all.set(4, IndexerState.of(id("zed"), LifecycleState.REPAIRING, true));
        fleet.apply(List.of(StateBatch.full(all, now.get())));
        attention = new AttentionViewModel(fleet, now, AttentionRules.defaults(), Duration.ZERO);
        attention.recompute();
        view = open("profile-a");
        stage.setScene(new Scene(view, 980, 500));
        stage.show();
    }

    private FleetView open(String profile) {
        FleetView v = new FleetView(fleet, now, new SavedFilters(new MemoryPreferences()), (t, q) -> java.util.Optional.empty());
        v.rememberSort(prefs.fleetSort(profile), spec -> prefs.setFleetSort(profile, spec));
        return v;
    }

    private List<String> accountsShown() throws Exception {
        return fx(() -> view.table().getItems().stream().map(r -> r.id().accountId().replace(".near", "")).toList());
    }

    @Test
    void opensWithTheMostUrgentFirstThenByAccountAndFollowsNewProblems() throws Exception {
        assertThat(fx(() -> view.table().getSortOrder().stream().map(TableColumn::getText).toList()))
                .containsExactly("Attention", "Account");
        assertThat(accountsShown()).containsExactly("amy", "zed", "bob", "carl", "dora", "eve");
        assertThat(fx(() -> view.table().getItems().getFirst().attention())).isEqualTo(AttentionKind.REPAIRING);
        assertThat(fx(() -> fleet.sortFollowsStateProperty().get())).as("a state change alone moves no row; its attention does").isFalse();

        // a running indexer goes Repairing: it moves up among the most urgent
        fx(() -> {
            fleet.apply(List.of(StateBatch.changes(List.of(IndexerState.of(id("dora"), LifecycleState.REPAIRING, true)), Set.of(), now.get())));
            attention.recompute();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(accountsShown()).containsExactly("amy", "dora", "zed", "bob", "carl", "eve");
    }

    @Test
    void theChosenOrderIsRememberedPerProfile() throws Exception {
        // what a header click does (on the headless platform a header click does not sort)
        fx(() -> {
            TableColumn<IndexerRow, ?> function = view.table().getColumns().stream().filter(c -> "functionColumn".equals(c.getId())).findFirst().orElseThrow();
            view.table().getSortOrder().setAll(List.of(function));
            function.setSortType(TableColumn.SortType.DESCENDING);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.table().getSortOrder().stream().map(c -> c.getText() + " " + c.getSortType()).toList()))
                .containsExactly("Function DESCENDING");
        assertThat(prefs.fleetSort("profile-a")).isEqualTo("functionColumn:DESCENDING");
        assertThat(prefs.fleetSort("profile-b")).isNull();

        // the same profile opened again keeps the user's order; another profile opens in the default one
        FleetView again = fx(() -> open("profile-a"));
        assertThat(fx(() -> again.table().getSortOrder().stream().map(c -> c.getText() + " " + c.getSortType()).toList()))
                .containsExactly("Function DESCENDING");
        FleetView other = fx(() -> open("profile-b"));
        assertThat(fx(() -> other.table().getSortOrder().stream().map(TableColumn::getText).toList()))
                .containsExactly("Attention", "Account");
    }
}
