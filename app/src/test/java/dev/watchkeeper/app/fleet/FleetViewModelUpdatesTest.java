package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Changed rows are re-filtered and re-sorted, and a batch reaches the sorted view as one change. */
class FleetViewModelUpdatesTest {

    private static IndexerId id(int i) {
        return new IndexerId("acct" + i + ".near", "fn");
    }

    private static FleetViewModel fleetOf(int n) {
        FleetViewModel model = new FleetViewModel();
        List<IndexerState> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(IndexerState.of(id(i), LifecycleState.RUNNING, true));
        }
        model.apply(List.of(StateBatch.full(all, Instant.now())));
        return model;
    }

    @Test
    void aRowThatNowMatchesTheFilterAppears() {
        FleetViewModel model = fleetOf(50);
        model.filterTextProperty().set("suspended");
        assertThat(model.sortedRows()).isEmpty();

        model.apply(List.of(StateBatch.changes(List.of(
                IndexerState.of(id(7), LifecycleState.SUSPENDED, false),
                IndexerState.of(id(31), LifecycleState.SUSPENDED, false)), Set.of(), Instant.now())));

        assertThat(model.sortedRows()).extracting(IndexerRow::id).containsExactlyInAnyOrder(id(7), id(31));
    }

    @Test
    void aRowSortedByStateMovesWhenItsStateChanges() {
        FleetViewModel model = fleetOf(50);
        model.sortedRows().setComparator(Comparator.comparing((IndexerRow r) -> r.state().lifecycle()).reversed());
        List<Integer> changes = new ArrayList<>();
        model.sortedRows().addListener((ListChangeListener<IndexerRow>) c -> changes.add(1));

        model.apply(List.of(StateBatch.changes(List.of(
                IndexerState.of(id(3), LifecycleState.REPAIRING, true),
                IndexerState.of(id(40), LifecycleState.SUSPENDED, false)), Set.of(), Instant.now())));

        assertThat(model.sortedRows().get(0).id()).isEqualTo(id(3));
        assertThat(model.sortedRows().get(1).id()).isEqualTo(id(40));
        // the moved rows leave in one change and arrive in another (a permutation would cost the
        // table's selection model every index between), then one change updates them: however many moved
        assertThat(changes).as("one batch: the table hears of its rows' removal, addition and update once each").hasSize(3);
    }
}
