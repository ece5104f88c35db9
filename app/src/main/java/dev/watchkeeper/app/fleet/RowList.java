package dev.watchkeeper.app.fleet;

import javafx.collections.ObservableListBase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet's rows as an observable list that reports all rows changed in one pulse as ONE update
 * range (an extractor would fire one change per row, and SortedList re-sorts the whole list on
 * every update range: with 1,000 changes a second over 10k rows that is what makes a table stutter).
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
     * One change with ONE contiguous update range covering every row in {@code changed}. SortedList
     * re-sorts everything for each update range it receives, so scattered ranges would cost one
     * full sort each; rows inside the range that did not change are merely re-checked.
     */
    void updated(Set<IndexerRow> changed) {
        if (changed.isEmpty()) {
            return;
        }
        int min = Integer.MAX_VALUE;
        int max = -1;
        for (IndexerRow row : changed) {
            int i = indexOf(row);
            if (i >= 0) {
                min = Math.min(min, i);
                max = Math.max(max, i);
            }
        }
        if (max < 0) {
            return;
        }
        beginChange();
        for (int i = min; i <= max; i++) {
            nextUpdate(i);
        }
        endChange();
    }
}
