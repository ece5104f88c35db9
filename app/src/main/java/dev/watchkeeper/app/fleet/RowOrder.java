package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.ui.IncrementalSortedList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fleet table's sort order as one comparator over rows, the same order the table's own
 * comparator gives, but reading a column's value straight from the row where the column registered
 * how. The table's comparator asks each column's cell value factory for both rows on every
 * comparison; re-sorting 10,000 rows a pulse that way was most of the FX thread's time under a
 * churning fleet sorted by Lifecycle. Columns without a registered key (added ones) are read as the
 * table would read them.
 *
 * <p>Rows equal in every sorted column are listed by account and function, so a group (say, every
 * Running indexer) reads in the same order each time, not in the order the rows first arrived.
 */
final class RowOrder {

    private static final Comparator<IndexerRow> BY_NAME = Comparator.comparing(IndexerRow::id);

    private final Map<TableColumn<IndexerRow, ?>, Function<IndexerRow, ?>> keys = new IdentityHashMap<>();

    /** {@code key} must give what the column's cell value factory gives for the row. */
    <T> RowOrder key(TableColumn<IndexerRow, T> column, Function<IndexerRow, T> key) {
        keys.put(column, key);
        return this;
    }

    /** Keeps {@code sorted} in the table's sort order: the table's sort policy sets this comparator instead of binding its own. */
    void install(TableView<IndexerRow> table, IncrementalSortedList<IndexerRow> sorted) {
        table.setSortPolicy(t -> {
            sorted.setComparator(of(t.getSortOrder()));
            return true;
        });
        sorted.setComparator(of(table.getSortOrder()));
    }

    /** Null when nothing is sorted (the rows' own order), as the table's comparator is. */
    Comparator<IndexerRow> of(List<TableColumn<IndexerRow, ?>> sortOrder) {
        List<Comparator<IndexerRow>> parts = new ArrayList<>();
        for (TableColumn<IndexerRow, ?> column : sortOrder) {
            Comparator<IndexerRow> c = byColumn(column);
            if (c != null) {
                parts.add(c);
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        parts.add(BY_NAME);
        return (a, b) -> {
            for (Comparator<IndexerRow> c : parts) {
                int r = c.compare(a, b);
                if (r != 0) {
                    return r;
                }
            }
            return 0;
        };
    }

    @SuppressWarnings("unchecked")
    private <T> Comparator<IndexerRow> byColumn(TableColumn<IndexerRow, T> column) {
        // as the table's comparator: unsortable columns and those without a comparator or sort type are skipped
        Comparator<T> values = column.getComparator();
        if (!column.isSortable() || values == null || column.getSortType() == null) {
            return null;
        }
        Function<IndexerRow, T> key = (Function<IndexerRow, T>) keys.get(column);
        Function<IndexerRow, T> read = key != null ? key : column::getCellData;
        Comparator<IndexerRow> ascending = (a, b) -> values.compare(read.apply(a), read.apply(b));
        return column.getSortType() == TableColumn.SortType.ASCENDING ? ascending : (a, b) -> ascending.compare(b, a);
    }
}
