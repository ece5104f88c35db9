package dev.watchkeeper.app.fleet;

import javafx.collections.ModifiableObservableListBase;

import java.util.ArrayList;
import java.util.Set;

/**
 * The fleet's backing list. Unlike a list with an extractor, which fires one change per changed
 * row, it reports all rows changed by one batch as a single update range: a SortedList re-sorts
 * the whole list once per update range, so per-row changes cost a full re-sort each (seconds per
 * 1,000 changes at 10k rows, freezing the FX thread).
 */
final class RowList extends ModifiableObservableListBase<IndexerRow> {

    private final ArrayList<IndexerRow> list = new ArrayList<>();

    @Override
    public IndexerRow get(int index) {
        return list.get(index);
    }

    @Override
    public int size() {
        return list.size();
    }

    @Override
    protected void doAdd(int index, IndexerRow element) {
        list.add(index, element);
    }

    @Override
    protected IndexerRow doSet(int index, IndexerRow element) {
        return list.set(index, element);
    }

    @Override
    protected IndexerRow doRemove(int index) {
        return list.remove(index);
    }

    /**
     * Reports {@code changed} rows (identity) as updated in one contiguous range, from the first
     * to the last changed row: a SortedList sorts once per contiguous update range, so scattered
     * single-row updates would each cost a full sort. Rows in between are re-checked by filters
     * for nothing, which is far cheaper than sorting 10k rows per changed row.
     */
    void fireUpdated(Set<IndexerRow> changed) {
        if (changed.isEmpty()) {
            return;
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < list.size(); i++) {
            if (changed.contains(list.get(i))) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            return;
        }
        beginChange();
        for (int i = first; i <= last; i++) {
            nextUpdate(i);
        }
        endChange();
    }
}
