package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.attention.AttentionViewModel;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.attention.AttentionRules;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.watchkeeper.app.support.FxCalls.fx;

/**
 * The rows are shown in exactly the order the table's own column comparator gives, for every sort
 * order an operator can click, while rows change: the table's order is kept by a comparator that
 * reads the rows directly ({@link RowOrder}), not through the cell value factories. Rows the table's
 * comparator finds equal are listed by account and function.
 */
class FleetRowOrderTest extends ApplicationTest {

    private static final LifecycleState[] STATES = LifecycleState.values();
    private final SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(Instant.parse("2026-11-30T12:00:00Z"));
    private final Random random = new Random(7);
    private FleetViewModel fleet;
    private FleetView view;

    @Override
    public void start(Stage stage) {
        fleet = new FleetViewModel();
        List<IndexerState> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            IndexerId id = new IndexerId("acct" + random.nextInt(100) + ".near", "f" + i);
            all.add(i % 37 == 0 ? IndexerState.missing(id) : IndexerState.of(id, STATES[random.nextInt(STATES.length)], random.nextBoolean()));
        }
        fleet.apply(List.of(StateBatch.full(all, now.get())));
        AttentionViewModel attention = new AttentionViewModel(fleet, now, AttentionRules.defaults(), Duration.ZERO);
        attention.recompute();
        view = new FleetView(fleet, now, new SavedFilters(new MemoryPreferences()), (t, q) -> java.util.Optional.empty());
        stage.setScene(new Scene(view, 980, 500));
        stage.show();
    }

    private TableColumn<IndexerRow, ?> column(String id) {
        return view.table().getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }

    private void churn() {
        List<IndexerState> changed = new ArrayList<>();
        List<Progress> progress = new ArrayList<>();
        for (IndexerRow r : fleet.allRows()) {
            if (random.nextInt(4) == 0) {
                changed.add(IndexerState.of(r.id(), STATES[random.nextInt(STATES.length)], random.nextBoolean()));
            }
            if (random.nextInt(3) == 0) {
                progress.add(new Progress(r.id(), (long) random.nextInt(50), random.nextBoolean() ? null : (long) random.nextInt(5), null));
            }
        }
        fleet.applyAll(List.of(StateBatch.changes(changed, java.util.Set.of(), now.get()), new ProgressBatch(progress, now.get())));
    }

    @Test
    void everySortOrderShowsTheRowsAsTheTableComparatorOrdersThem() throws Exception {
        List<List<String>> orders = List.of(
                List.of("attentionColumn", "accountColumn"),
                List.of("lifecycleColumn"),
                List.of("lifecycleColumn:DESCENDING", "functionColumn"),
                List.of("blockColumn", "accountColumn"),
                List.of("queueColumn:DESCENDING"),
                List.of("executorColumn", "enabledColumn", "accountColumn"),
                List.of("accountColumn:DESCENDING", "functionColumn"));
        for (List<String> order : orders) {
            fx(() -> {
                List<TableColumn<IndexerRow, ?>> columns = new ArrayList<>();
                for (String spec : order) {
                    String[] p = spec.split(":");
                    TableColumn<IndexerRow, ?> c = column(p[0]);
                    c.setSortType(p.length > 1 ? TableColumn.SortType.DESCENDING : TableColumn.SortType.ASCENDING);
                    columns.add(c);
                }
                view.table().getSortOrder().setAll(columns);
                return null;
            });
            for (int round = 0; round < 3; round++) {
                fx(() -> {
                    churn();
                    return null;
                });
                List<IndexerRow> shown = fx(() -> List.copyOf(view.table().getItems()));
                java.util.Comparator<IndexerRow> tables = fx(() -> view.table().getComparator());
                assertThat(shown).as("every row shown").containsExactlyInAnyOrderElementsOf(fx(() -> List.copyOf(fleet.allRows())));
                for (int i = 1; i < shown.size(); i++) {
                    int c = tables.compare(shown.get(i - 1), shown.get(i));
                    assertThat(c).as("sorted by %s after %d rounds of changes: rows %d and %d", order, round + 1, i - 1, i).isLessThanOrEqualTo(0);
                    if (c == 0) {
                        // equal in every sorted column: by account and function, the same order every time
                        assertThat(shown.get(i - 1).id()).as("tie by name, sorted by %s, rows %d and %d", order, i - 1, i)
                                .isLessThan(shown.get(i).id());
                    }
                }
            }
        }
    }
}
