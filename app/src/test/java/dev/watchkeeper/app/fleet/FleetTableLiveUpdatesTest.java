package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet table shows a changed state in its row whether or not the change moves the row: sorted
 * by name, a change costs no re-sort (no list change at all); sorted by lifecycle, the row moves.
 */
class FleetTableLiveUpdatesTest extends ApplicationTest {

    private FleetViewModel fleet;
    private FleetView view;
    private final List<Integer> listChanges = new ArrayList<>();

    private static IndexerId id(int i) {
        return new IndexerId(String.format("acct%02d.near", i), "fn");
    }

    @Override
    public void start(Stage stage) {
        fleet = new FleetViewModel();
        List<IndexerState> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(IndexerState.of(id(i), LifecycleState.RUNNING, true));
        }
        fleet.apply(List.of(StateBatch.full(all, Instant.now())));
        view = new FleetView(fleet, new SimpleObjectProperty<>(Instant.now()), new SavedFilters(new MemoryPreferences()),
                (title, question) -> java.util.Optional.empty());
        fleet.sortedRows().addListener((ListChangeListener<IndexerRow>) c -> listChanges.add(1));
        stage.setScene(new Scene(view, 980, 500));
        stage.show();
    }

    private void change(int i, LifecycleState to) throws Exception {
        fx(() -> {
            fleet.apply(List.of(StateBatch.changes(List.of(IndexerState.of(id(i), to, to == LifecycleState.RUNNING)), Set.of(), Instant.now())));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableColumn<IndexerRow, ?> column(String title) {
        return view.table().getColumns().stream().filter(c -> c.getText().equals(title)).findFirst().orElseThrow();
    }

    /** The text of the lifecycle cell on screen in the row of {@code id}, if that row is on screen. */
    private Optional<String> lifecycleShown(IndexerId id) {
        return lookup(".wk-lifecycle-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() != null
                        && ((IndexerRow) c.getTableRow().getItem()).id().equals(id))
                .map(TableCell::getText).findFirst();
    }

    @Test
    void sortedByAccountAChangeShowsInItsRowWithoutReSortingTheTable() throws Exception {
        fx(() -> view.table().getSortOrder().setAll(List.of(column("Account"))));
        assertThat(fx(() -> fleet.sortFollowsChangesProperty().get())).isFalse();
        assertThat(fx(() -> fleet.sortFollowsStateProperty().get())).isFalse();
        listChanges.clear();

        change(3, LifecycleState.SUSPENDED);

        assertThat(lifecycleShown(id(3))).contains("Suspended");
        assertThat(fx(() -> view.table().getItems().get(3).id())).isEqualTo(id(3));
        assertThat(listChanges).as("no list change, so no re-sort of the whole table").isEmpty();
    }

    @Test
    void sortedByLifecycleAChangedRowMovesToItsPlace() throws Exception {
        TableColumn<IndexerRow, ?> lifecycle = column("Lifecycle");
        fx(() -> {
            lifecycle.setSortType(TableColumn.SortType.DESCENDING);
            view.table().getSortOrder().setAll(List.of(lifecycle));
            return null;
        });
        assertThat(fx(() -> fleet.sortFollowsChangesProperty().get())).isTrue();
        assertThat(fx(() -> fleet.sortFollowsStateProperty().get())).isTrue();

        change(25, LifecycleState.REPAIRING);

        assertThat(fx(() -> view.table().getItems().getFirst().id())).isEqualTo(id(25));
        assertThat(lifecycleShown(id(25))).contains("Repairing");
    }

    /** The operator's selection stays on the indexers selected while rows around them and the selected row itself move. */
    @Test
    void sortedByLifecycleTheSelectionFollowsRowsThatMove() throws Exception {
        TableColumn<IndexerRow, ?> lifecycle = column("Lifecycle");
        fx(() -> {
            lifecycle.setSortType(TableColumn.SortType.DESCENDING);
            view.table().getSortOrder().setAll(List.of(lifecycle));
            view.table().getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
            view.table().getSelectionModel().clearSelection();
            view.table().getSelectionModel().selectIndices(fleet.sortedRows().indexOf(fleet.row(id(30))),
                    fleet.sortedRows().indexOf(fleet.row(id(12))));
            return null;
        });

        assertThat(fx(() -> view.table().getSelectionModel().getSelectedItems().stream().map(IndexerRow::id).toList()))
                .containsExactlyInAnyOrder(id(30), id(12));

        change(7, LifecycleState.REPAIRING);   // moves to the top, above both selected rows
        change(12, LifecycleState.SUSPENDED);  // the selected row itself moves
        change(33, LifecycleState.REPAIRING);

        assertThat(fx(() -> view.table().getSelectionModel().getSelectedItems().stream().map(IndexerRow::id).toList()))
                .containsExactlyInAnyOrder(id(30), id(12));
        assertThat(fx(() -> view.table().getItems().stream().limit(2).map(IndexerRow::id).toList())).containsExactlyInAnyOrder(id(7), id(33));
        assertThat(fx(() -> view.table().getSelectionModel().getSelectedIndices().stream()
                .map(i -> view.table().getItems().get(i).id()).toList())).containsExactlyInAnyOrder(id(30), id(12));
        assertThat(fx(() -> view.table().getFocusModel().getFocusedItem().id())).as("focus stays on the row last selected").isEqualTo(id(12));
    }

    @Test
    void withAFilterOnAChangedRowLeavesOrJoinsTheTable() throws Exception {
        fx(() -> view.table().getSortOrder().setAll(List.of(column("Account"))));
        fx(() -> {
            fleet.setFilter(new FleetFilter("", Set.of(LifecycleState.RUNNING), Set.of()));
            return null;
        });

        change(5, LifecycleState.SUSPENDED);

        assertThat(fx(() -> view.table().getItems().stream().map(IndexerRow::id).toList())).doesNotContain(id(5)).hasSize(39);
    }
}
