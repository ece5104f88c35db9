package dev.watchkeeper.app.ui;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener.Change;
import javafx.collections.ObservableList;
import javafx.collections.transformation.TransformationList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A sorted view of a list that, unlike JavaFX's {@code SortedList}, does not re-sort everything when
 * elements are updated: rows still between their neighbours cost two comparisons each, and rows that
 * moved are put in place by binary search and reported as removals and additions, or, when a table's
 * selected or focused row is among them, as one permutation, so the selection and focus follow it.
 * (SortedList sorts the whole list on every update change: with thousands of rows and a change every
 * pulse that was close to half of the FX thread.)
 *
 * <p>Elements that compare equal keep the order of the source (the source index breaks ties), so the
 * order is total and an updated element whose sort key did not change never moves. Elements are kept
 * here in view order, as SortedList keeps them: a change's sub-changes are read against the list as
 * it was at that sub-change, not against the source's final state.
 */
public final class IncrementalSortedList<E> extends TransformationList<E, E> {

    private final ObjectProperty<Comparator<? super E>> comparator = new SimpleObjectProperty<>(this, "comparator") {
        @Override
        protected void invalidated() {
            beginChange();
            sortAll();
            endChange();
        }
    };

    /** Elements in view order. */
    private Object[] elements;
    /** View index to source index. */
    private int[] sourceOf;
    /** Source index to view index. */
    private int[] viewOf;
    /** By view index: updated by the change being read and not yet put in place. */
    private boolean[] stale;
    private int size;
    /** Source indices of the stale elements, valid while no structural sub-change has shifted them. */
    private int[] staleSources = new int[16];
    private int staleCount;
    private boolean staleShifted;
    /**
     * Elements the change being read updates, known before its structural sub-changes are placed: a
     * source updates elements in place before it reports them, so a binary search must step over
     * them until they are placed. Null when the change has no such mix.
     */
    private Set<Object> changing;
    /** Reused by {@link #move}: the elements that did not move, and the next order (a move per pulse should not make garbage of the whole list). */
    private Object[] restElements = new Object[0];
    private int[] restSources = new int[0];
    private Object[] spareElements;
    private int[] spareSources;
    private Consumer<IntConsumer> cover = each -> { };

    public IncrementalSortedList(ObservableList<? extends E> source) {
        super(source);
        size = source.size();
        allocate(Math.max(16, size));
        for (int i = 0; i < size; i++) {
            elements[i] = source.get(i);
            sourceOf[i] = i;
            viewOf[i] = i;
        }
    }

    private void allocate(int capacity) {
        elements = elements == null ? new Object[capacity] : Arrays.copyOf(elements, capacity);
        sourceOf = sourceOf == null ? new int[capacity] : Arrays.copyOf(sourceOf, capacity);
        viewOf = viewOf == null ? new int[capacity] : Arrays.copyOf(viewOf, capacity);
        stale = stale == null ? new boolean[capacity] : Arrays.copyOf(stale, capacity);
        spareElements = new Object[capacity];
        spareSources = new int[capacity];
    }

    /**
     * Indices to keep: a table's selected and focused rows. A row at one of them that moves is moved
     * by a permutation (a removal would unselect it), and every permutation this list fires includes
     * them all: a TableView's selection model keeps only the selected rows inside a permutation's
     * range and drops the others, so a move elsewhere in the list would silently unselect them.
     * (SortedList always permutes the whole list.)
     */
    public void setPermutationCover(Consumer<IntConsumer> indices) {
        cover = indices;
    }

    public ObjectProperty<Comparator<? super E>> comparatorProperty() {
        return comparator;
    }

    public Comparator<? super E> getComparator() {
        return comparator.get();
    }

    /** Null: the source's order. */
    public void setComparator(Comparator<? super E> order) {
        comparator.set(order);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        checkIndex(index);
        return (E) elements[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int getSourceIndex(int index) {
        checkIndex(index);
        return sourceOf[index];
    }

    @Override
    public int getViewIndex(int index) {
        checkIndex(index);
        return viewOf[index];
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
    }

    // ---- order ---------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private int compare(Object a, int sourceA, Object b, int sourceB) {
        Comparator<? super E> order = comparator.get();
        if (order != null) {
            int r = order.compare((E) a, (E) b);
            if (r != 0) {
                return r;
            }
        }
        return Integer.compare(sourceA, sourceB);
    }

    /** Whether the element at view index {@code v} sits between its neighbours. */
    private boolean inPlace(int v) {
        return (v == 0 || compare(elements[v - 1], sourceOf[v - 1], elements[v], sourceOf[v]) < 0)
                && (v == size - 1 || compare(elements[v], sourceOf[v], elements[v + 1], sourceOf[v + 1]) < 0);
    }

    /**
     * An index in {@code [from, to)} to insert ({@code e}, {@code source}) at: every element before it
     * orders before, every one from it orders after, ignoring elements still {@link #changing}.
     */
    private int insertionPoint(Object[] within, int[] sources, int from, int to, Object e, int source) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int m = mid;
            while (changing != null && m < hi && changing.contains(within[m])) {
                m++;
            }
            if (m == hi) {
                hi = mid; // only changing elements from mid on: any place among them will do
            } else if (compare(within[m], sources[m], e, source) < 0) {
                lo = m + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Sorts everything (a new comparator, a permuted source) and reports it as one permutation. */
    private void sortAll() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> compare(elements[x], sourceOf[x], elements[y], sourceOf[y]));
        boolean[] wasStale = Arrays.copyOf(stale, size);
        for (int i = 0; i < size; i++) {
            spareElements[i] = elements[order[i]];
            spareSources[i] = sourceOf[order[i]];
            stale[i] = wasStale[order[i]];
        }
        staleShifted = true;
        replaceOrder();
    }

    /**
     * Installs the new order of the same elements built in the spare arrays and reports the stretch
     * that differs as one permutation. Must be called between beginChange and endChange.
     */
    private void replaceOrder() {
        int[] newSources = spareSources;
        int lo = 0;
        while (lo < size && sourceOf[lo] == newSources[lo]) {
            lo++;
        }
        if (lo == size) {
            Arrays.fill(spareElements, 0, size, null);
            return;
        }
        int hi = size;
        while (sourceOf[hi - 1] == newSources[hi - 1]) {
            hi--;
        }
        int[] range = {lo, hi};
        cover.accept(i -> {
            if (i >= 0 && i < size) {
                range[0] = Math.min(range[0], i);
                range[1] = Math.max(range[1], i + 1);
            }
        });
        lo = range[0];
        hi = range[1];
        int[] oldSources = Arrays.copyOfRange(sourceOf, lo, hi);
        installSpare(size);
        for (int i = lo; i < hi; i++) {
            viewOf[sourceOf[i]] = i;
        }
        int[] permutation = new int[hi - lo];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = viewOf[oldSources[i]];
        }
        nextPermutation(lo, hi, permutation);
    }

    // ---- changes of the source -----------------------------------------------------------------

    /**
     * Updated elements are put in place once the whole change is read. Each structural step is fired
     * as a change of its own: JavaFX's change builder mis-places a removal that follows a permutation
     * in the same change, so a table replaying it would drop the wrong row. A source change of
     * updates alone (the common one) is still one change.
     */
    @Override
    protected void sourceChanged(Change<? extends E> c) {
        changing = changingDuringStructure(c);
        while (c.next()) {
            if (c.wasUpdated()) {
                for (int s = c.getFrom(); s < c.getTo(); s++) {
                    markStale(s);
                }
                continue;
            }
            staleShifted |= staleCount > 0;
            beginChange();
            if (c.wasPermutated()) {
                for (int v = 0; v < size; v++) {
                    sourceOf[v] = c.getPermutation(sourceOf[v]);
                    viewOf[sourceOf[v]] = v;
                }
                sortAll(); // the source indices break ties, so equal elements may change places
            } else if (c.wasRemoved()) {
                removed(c.getFrom(), c.getRemovedSize());
            }
            endChange();
            if (c.wasAdded()) {
                beginChange();
                added(c.getFrom(), c.getAddedSubList());
                endChange();
            }
        }
        changing = null;
        placeStale();
    }

    /**
     * The elements {@code c} updates or removes when it also adds, removes or permutes; otherwise
     * null. Both may have changed their sort keys already (a filter removes a row because it changed),
     * so until their sub-change is read they are no guide to where an added element goes.
     */
    private static Set<Object> changingDuringStructure(Change<?> c) {
        boolean structural = false;
        while (c.next() && !structural) {
            structural = !c.wasUpdated();
        }
        c.reset();
        if (!structural) {
            return null; // updates alone, the common change: nothing to collect
        }
        Set<Object> changed = Collections.newSetFromMap(new IdentityHashMap<>());
        while (c.next()) {
            if (c.wasUpdated()) {
                // later sub-changes lie after this one, so the final list still has these elements here
                changed.addAll(c.getList().subList(c.getFrom(), c.getTo()));
            } else {
                changed.addAll(c.getRemoved());
            }
        }
        c.reset();
        return changed.isEmpty() ? null : changed;
    }

    private void markStale(int source) {
        int v = viewOf[source];
        if (stale[v]) {
            return;
        }
        stale[v] = true;
        if (staleCount == staleSources.length) {
            staleSources = Arrays.copyOf(staleSources, staleSources.length * 2);
        }
        staleSources[staleCount++] = source;
    }

    /**
     * Reports the updated elements, moving those no longer between their neighbours. When every
     * neighbour pair involving an updated element is in order, the whole list is, and nothing moves.
     */
    private void placeStale() {
        if (staleCount == 0) {
            staleShifted = false;
            return;
        }
        int[] updated = new int[staleCount];
        if (staleShifted) {
            int k = 0;
            for (int v = 0; v < size && k < updated.length; v++) {
                if (stale[v]) {
                    updated[k++] = sourceOf[v];
                }
            }
            updated = Arrays.copyOf(updated, k);
        } else {
            System.arraycopy(staleSources, 0, updated, 0, staleCount);
        }
        staleCount = 0;
        staleShifted = false;
        boolean ordered = true;
        for (int i = 0; i < updated.length && ordered; i++) {
            ordered = inPlace(viewOf[updated[i]]);
        }
        if (!ordered) {
            move(); // a change of its own (two when reported as removals and additions)
        }
        beginChange();
        for (int s : updated) {
            stale[viewOf[s]] = false;
            nextUpdate(viewOf[s]);
        }
        endChange();
    }

    /**
     * Takes the stale elements out and puts each back where it now belongs. Reported as removals and
     * then additions, unless one of them is at an index to keep ({@link #setPermutationCover}): then
     * as one permutation, the only change a table's selection and focus follow a row through. A
     * permutation costs every listener the whole stretch it covers (a TableView's selection model
     * maps each index of it, boxed, selected rows or not: with the selection on top and a row moving
     * to the bottom group that was thousands of entries per pulse); a removal and an addition cost
     * each listener a shift.
     */
    private void move() {
        // the rest keeps its order: its keys did not change
        if (restElements.length < elements.length) {
            restElements = new Object[elements.length];
            restSources = new int[elements.length];
        }
        int rest = 0;
        List<Integer> moving = new ArrayList<>();
        for (int v = 0; v < size; v++) {
            if (stale[v]) {
                stale[v] = false;
                moving.add(v);
            } else {
                restElements[rest] = elements[v];
                restSources[rest] = sourceOf[v];
                rest++;
            }
        }
        List<Integer> oldPlaces = List.copyOf(moving);
        moving.sort((x, y) -> compare(elements[x], sourceOf[x], elements[y], sourceOf[y]));
        int[] newPlaces = new int[moving.size()];
        Object[] movingElements = new Object[moving.size()];
        int out = 0;
        int taken = 0;
        for (int k = 0; k < moving.size(); k++) {
            int v = moving.get(k);
            int at = insertionPoint(restElements, restSources, taken, rest, elements[v], sourceOf[v]);
            out = copyRest(taken, at, out);
            taken = at;
            newPlaces[k] = out;
            movingElements[k] = elements[v];
            spareElements[out] = elements[v];
            spareSources[out] = sourceOf[v];
            out++;
        }
        copyRest(taken, rest, out);
        if (keepsAny(oldPlaces)) {
            Arrays.fill(restElements, 0, rest, null);
            beginChange();
            replaceOrder();
            endChange();
            return;
        }
        removeThenAdd(oldPlaces, rest, newPlaces);
    }

    /** Whether one of {@code places} is an index the cover keeps (selected or focused). */
    private boolean keepsAny(List<Integer> places) {
        boolean[] kept = {false};
        cover.accept(i -> kept[0] |= i >= 0 && i < size && stale(i, places));
        return kept[0];
    }

    private static boolean stale(int index, List<Integer> places) {
        return java.util.Collections.binarySearch(places, index) >= 0;
    }

    /**
     * Installs the rest (the list without the moving elements) and reports their removals, from the
     * last old index down; then installs the new order and reports their additions in ascending new
     * index. Each is a change of its own, and a listener reading the list during either sees the list
     * that change describes.
     */
    private void removeThenAdd(List<Integer> oldPlaces, int rest, int[] newPlaces) {
        Object[] removed = new Object[oldPlaces.size()];
        for (int k = 0; k < removed.length; k++) {
            removed[k] = elements[oldPlaces.get(k)];
        }
        swapRest();
        int all = size;
        size = rest;
        reindex();
        beginChange();
        for (int k = removed.length - 1; k >= 0; k--) {
            nextRemove(oldPlaces.get(k), removedElement(removed[k]));
        }
        endChange();

        swapRest();
        installSpare(all);
        Arrays.fill(restElements, 0, rest, null);
        size = all;
        reindex();
        beginChange();
        for (int at : newPlaces) {
            nextAdd(at, at + 1);
        }
        endChange();
    }

    /** The order built in the spare arrays is shown; the arrays shown before become the spare ones, cleared up to {@code clear}. */
    private void installSpare(int clear) {
        Object[] shown = elements;
        int[] shownSources = sourceOf;
        elements = spareElements;
        sourceOf = spareSources;
        spareElements = shown;
        spareSources = shownSources;
        Arrays.fill(spareElements, 0, clear, null);
    }

    /** The arrays shown and the rest arrays (the list without the moving elements) change places. */
    private void swapRest() {
        Object[] shown = elements;
        int[] shownSources = sourceOf;
        elements = restElements;
        sourceOf = restSources;
        restElements = shown;
        restSources = shownSources;
    }

    /** Source index to view index, for every element shown. */
    private void reindex() {
        for (int v = 0; v < size; v++) {
            viewOf[sourceOf[v]] = v;
        }
    }

    @SuppressWarnings("unchecked")
    private E removedElement(Object e) {
        return (E) e;
    }

    private int copyRest(int from, int to, int out) {
        System.arraycopy(restElements, from, spareElements, out, to - from);
        System.arraycopy(restSources, from, spareSources, out, to - from);
        return out + to - from;
    }

    private void removed(int from, int count) {
        if (count == size) {
            List<E> all = new ArrayList<>(this);
            Arrays.fill(elements, 0, size, null);
            Arrays.fill(stale, 0, size, false);
            staleCount = 0;
            size = 0;
            nextRemove(0, all);
            return;
        }
        int end = from + count;
        boolean[] gone = new boolean[size];
        for (int s = from; s < end; s++) {
            gone[viewOf[s]] = true;
        }
        // reported from the last view index down, so each index is the one the element had just before
        for (int v = size - 1; v >= 0; v--) {
            if (gone[v]) {
                nextRemove(v, get(v));
            }
        }
        int out = 0;
        for (int v = 0; v < size; v++) {
            if (gone[v]) {
                staleCount -= stale[v] ? 1 : 0;
                continue;
            }
            int s = sourceOf[v];
            elements[out] = elements[v];
            sourceOf[out] = s >= end ? s - count : s;
            stale[out] = stale[v];
            out++;
        }
        Arrays.fill(elements, out, size, null);
        Arrays.fill(stale, out, size, false);
        size = out;
        reindex();
    }

    private void added(int from, List<? extends E> addedElements) {
        int count = addedElements.size();
        int total = size + count;
        if (total > elements.length) {
            allocate(Math.max(total, elements.length + (elements.length >> 1)));
        }
        for (int v = 0; v < size; v++) {
            if (sourceOf[v] >= from) {
                sourceOf[v] += count;
            }
        }
        // read once: the added elements may be a view over other lists, and a load sorts 50,000 of them
        Object[] incoming = addedElements.toArray();
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> compare(incoming[x], from + x, incoming[y], from + y));
        boolean[] newStale = new boolean[elements.length];
        int out = 0;
        int taken = 0;
        int[] addedAt = new int[count];
        for (int k = 0; k < count; k++) {
            int i = order[k];
            Object e = incoming[i];
            int at = insertionPoint(elements, sourceOf, taken, size, e, from + i);
            out = copyView(taken, at, out, newStale);
            taken = at;
            addedAt[k] = out;
            spareElements[out] = e;
            spareSources[out] = from + i;
            out++;
        }
        copyView(taken, size, out, newStale);
        boolean wasEmpty = size == 0;
        installSpare(spareElements.length);
        stale = newStale;
        size = total;
        reindex();
        if (wasEmpty) {
            nextAdd(0, size);
            return;
        }
        // in ascending final index: each is reported where it is once those before it are in
        for (int at : addedAt) {
            nextAdd(at, at + 1);
        }
    }

    private int copyView(int from, int to, int out, boolean[] newStale) {
        System.arraycopy(elements, from, spareElements, out, to - from);
        System.arraycopy(sourceOf, from, spareSources, out, to - from);
        System.arraycopy(stale, from, newStale, out, to - from);
        return out + to - from;
    }
}
