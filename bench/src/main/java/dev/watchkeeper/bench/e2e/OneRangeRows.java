package dev.watchkeeper.bench.e2e;

import javafx.collections.ListChangeListener.Change;
import javafx.collections.ObservableList;
import javafx.collections.transformation.TransformationList;

/**
 * The fair baseline's rows: the fleet model's rows with every change's updated rows reported as ONE
 * contiguous update range, as a competent simple console hands a poll's changes to its table (one
 * change per poll). The console's own row list reports exactly the rows that changed, which its
 * incremental sorted list wants; JavaFX's SortedList, which the baseline uses, sorts everything for
 * each update range it gets, so passing those on would make the baseline a strawman.
 */
final class OneRangeRows<E> extends TransformationList<E, E> {

    OneRangeRows(ObservableList<? extends E> source) {
        super(source);
    }

    @Override
    protected void sourceChanged(Change<? extends E> c) {
        beginChange();
        int[] range = {Integer.MAX_VALUE, -1};
        while (c.next()) {
            if (c.wasUpdated()) {
                range[0] = Math.min(range[0], c.getFrom());
                range[1] = Math.max(range[1], c.getTo() - 1);
                continue;
            }
            flush(range); // before a structural step, while its indices still hold
            if (c.wasPermutated()) {
                int[] perm = new int[c.getTo() - c.getFrom()];
                for (int i = c.getFrom(); i < c.getTo(); i++) {
                    perm[i - c.getFrom()] = c.getPermutation(i);
                }
                nextPermutation(c.getFrom(), c.getTo(), perm);
            } else {
                if (c.wasRemoved()) {
                    nextRemove(c.getFrom(), c.getRemoved());
                }
                if (c.wasAdded()) {
                    nextAdd(c.getFrom(), c.getTo());
                }
            }
        }
        flush(range);
        endChange();
    }

    private void flush(int[] range) {
        for (int i = range[0]; i <= range[1]; i++) {
            nextUpdate(i);
        }
        range[0] = Integer.MAX_VALUE;
        range[1] = -1;
    }

    @Override
    public E get(int index) {
        return getSource().get(index);
    }

    @Override
    public int size() {
        return getSource().size();
    }

    @Override
    public int getSourceIndex(int index) {
        return index;
    }

    @Override
    public int getViewIndex(int index) {
        return index;
    }
}
