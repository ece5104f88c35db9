package dev.watchkeeper.app.fleet;

import javafx.collections.ObservableListBase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet's rows as an observable list that reports all rows changed in one pulse as ONE change
 * (an extractor would fire one change per row property).
 */
final class RowList extends ObservableListBase<IndexerRow> {

    private final List<IndexerRow> rows = new ArrayList<>();
    /** Each row's index, so a pulse's changed rows are found without walking all rows; rebuilt after removals. */
    private final Map<IndexerRow, Integer> positions = new IdentityHashMap<>();

    @Override
    public IndexerRow get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    void addRows(Collection<IndexerRow> added) {
        if (added.isEmpty()) {
            return;
        }
        int from = rows.size();
        rows.addAll(added);
        for (int i = from; i < rows.size(); i++) {
            positions.put(rows.get(i), i);
        }
        beginChange();
        nextAdd(from, rows.size());
        endChange();
    }

    void removeRows(Set<IndexerRow> removed) {
        if (removed.isEmpty()) {
            return;
        }
        beginChange();
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (removed.contains(rows.get(i))) {
                nextRemove(i, rows.remove(i));
            }
        }
        positions.clear();
        for (int i = 0; i < rows.size(); i++) {
            positions.put(rows.get(i), i);
        }
        endChange();
    }

    /** The row's index, or -1 when it is not in the list. */
    int indexOf(IndexerRow row) {
        Integer at = positions.get(row);
        return at == null ? -1 : at;
    }

    /**
     * One change updating exactly the rows in {@code changed}: the sorted view places each by itself
     * ({@link dev.watchkeeper.app.ui.IncrementalSortedList}), so rows between them that did not change
     * are not re-checked.
     */
    void updated(Set<IndexerRow> changed) {
        if (changed.isEmpty()) {
            return;
        }
        int[] at = new int[changed.size()];
        int n = 0;
        for (IndexerRow row : changed) {
            int i = indexOf(row);
            if (i >= 0) {
                at[n++] = i;
            }
        }
        if (n == 0) {
            return;
        }
        java.util.Arrays.sort(at, 0, n);
        beginChange();
        for (int k = 0; k < n; k++) {
            nextUpdate(at[k]);
        }
        endChange();
    }
}
