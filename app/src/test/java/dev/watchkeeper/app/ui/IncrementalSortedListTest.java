package dev.watchkeeper.app.ui;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableListBase;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted view against the plain definition (the source, filtered, stably sorted), and the changes
 * it fires against a mirror list that replays them: a table following those changes shows the same
 * rows in the same order, and a selected row is carried by its permutation.
 */
class IncrementalSortedListTest {

    /** A row with a sort key that changes in place, as a fleet row's state does. */
    static final class Item {
        final int id;
        int key;

        Item(int id, int key) {
            this.id = id;
            this.key = key;
        }

        @Override
        public String toString() {
            return id + ":" + key;
        }
    }

    /** A source that fires the change shapes a RowList or FilteredList fires, several sub-changes in one. */
    static final class Source extends ObservableListBase<Item> {
        final List<Item> items = new ArrayList<>();

        @Override
        public Item get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        void insert(int at, List<Item> added) {
            items.addAll(at, added);
            beginChange();
            nextAdd(at, at + added.size());
            endChange();
        }

        /** Removes some rows and changes the keys of others, in one change. */
        void removeAndUpdate(TreeSet<Integer> removed, TreeSet<Integer> updated, Random r) {
            beginChange();
            for (int i : updated.descendingSet()) {
                if (!removed.contains(i)) {
                    items.get(i).key = r.nextInt(40);
                    nextUpdate(i);
                }
            }
            for (int i : removed.descendingSet()) {
                nextRemove(i, items.remove(i));
            }
            endChange();
        }

        /** Reports rows whose keys the test already changed. */
        void updatedByTest(TreeSet<Integer> updated) {
            beginChange();
            updated.forEach(this::nextUpdate);
            endChange();
        }

        void replaceAll(List<Item> all) {
            List<Item> old = new ArrayList<>(items);
            items.clear();
            items.addAll(all);
            beginChange();
            nextReplace(0, items.size(), old);
            endChange();
        }
    }

    /** Applies each fired change to a plain list. */
    static final class Mirror implements ListChangeListener<Item> {
        final List<Item> rows = new ArrayList<>();

        @Override
        public void onChanged(Change<? extends Item> c) {
            while (c.next()) {
                if (c.wasPermutated()) {
                    List<Item> before = new ArrayList<>(rows);
                    for (int i = c.getFrom(); i < c.getTo(); i++) {
                        rows.set(c.getPermutation(i), before.get(i));
                    }
                } else if (c.wasUpdated()) {
                    assertThat(c.getTo()).isLessThanOrEqualTo(rows.size());
                } else {
                    for (int i = 0; i < c.getRemovedSize(); i++) {
                        assertThat(rows.remove(c.getFrom())).isSameAs(c.getRemoved().get(i));
                    }
                    rows.addAll(c.getFrom(), c.getAddedSubList());
                }
            }
            // a listener reading the list while a change is fired sees the list that change leads to
            assertThat(new ArrayList<Item>(c.getList())).as("the list as this change leaves it").containsExactlyElementsOf(rows);
        }
    }

    private static List<Item> expected(List<Item> filtered, Comparator<Item> order) {
        List<Item> all = new ArrayList<>(filtered);
        if (order != null) {
            all.sort(order); // stable: equal keys keep the source's order
        }
        return all;
    }

    @Property(tries = 200)
    void equalsTheFilteredSourceSortedAndItsChangesReplayToIt(@ForAll long seed) {
        Random r = new Random(seed);
        Source source = new Source();
        int[] ids = {0};
        List<Item> start = new ArrayList<>();
        for (int i = 0; i < r.nextInt(30); i++) {
            start.add(new Item(ids[0]++, r.nextInt(40)));
        }
        source.insert(0, start);
        FilteredList<Item> filtered = new FilteredList<>(source);
        IncrementalSortedList<Item> sorted = new IncrementalSortedList<>(filtered);
        Mirror mirror = new Mirror();
        mirror.rows.addAll(sorted);
        sorted.addListener(mirror);
        Comparator<Item> byKey = Comparator.comparingInt(i -> i.key);
        Comparator<Item> order = null;
        // now and then a kept (selected) index: a row there moves by permutation, others by removal and addition
        int[] kept = {-1};
        sorted.setPermutationCover(each -> each.accept(kept[0]));
        for (int step = 0; step < 60; step++) {
            kept[0] = r.nextInt(3) == 0 && !sorted.isEmpty() ? r.nextInt(sorted.size()) : -1;
            switch (r.nextInt(8)) {
                case 0 -> {
                    order = r.nextBoolean() ? byKey : r.nextBoolean() ? byKey.reversed() : null;
                    sorted.setComparator(order);
                }
                case 1 -> {
                    List<Item> added = new ArrayList<>();
                    for (int i = 0; i < 1 + r.nextInt(5); i++) {
                        added.add(new Item(ids[0]++, r.nextInt(40)));
                    }
                    source.insert(r.nextInt(source.size() + 1), added);
                }
                case 2 -> {
                    int bound = 1 + r.nextInt(4);
                    filtered.setPredicate(r.nextBoolean() ? null : i -> i.key % bound != 0);
                }
                case 3 -> {
                    List<Item> all = new ArrayList<>();
                    for (int i = 0; i < r.nextInt(25); i++) {
                        all.add(new Item(ids[0]++, r.nextInt(40)));
                    }
                    source.replaceAll(all);
                }
                default -> {
                    TreeSet<Integer> removed = new TreeSet<>();
                    TreeSet<Integer> updated = new TreeSet<>();
                    for (int i = 0; i < source.size(); i++) {
                        int dice = r.nextInt(10);
                        if (dice == 0 && r.nextInt(3) == 0) {
                            removed.add(i);
                        } else if (dice < 4) {
                            updated.add(i);
                        }
                    }
                    source.removeAndUpdate(removed, updated, r);
                }
            }
            assertThat(sorted).as("step %d", step).containsExactlyElementsOf(expected(filtered, order));
            assertThat(mirror.rows).as("changes replayed, step %d", step).containsExactlyElementsOf(sorted);
            for (int v = 0; v < sorted.size(); v++) {
                assertThat(filtered.get(sorted.getSourceIndex(v))).isSameAs(sorted.get(v));
                assertThat(sorted.getViewIndex(sorted.getSourceIndex(v))).isEqualTo(v);
            }
        }
    }

    /** A selected row that moves is moved by a permutation, and other selected rows far from it stay inside it, where a TableView keeps them selected. */
    @Test
    void aPermutationCoversTheIndicesItIsToldToKeep() {
        Source source = new Source();
        List<Item> rows = hundredRows(source);
        IncrementalSortedList<Item> sorted = new IncrementalSortedList<>(source);
        sorted.setComparator(Comparator.comparingInt(i -> i.key));
        List<int[]> ranges = new ArrayList<>();
        sorted.addListener((ListChangeListener<Item>) c -> {
            while (c.next()) {
                if (c.wasPermutated()) {
                    ranges.add(new int[] {c.getFrom(), c.getTo(), c.getPermutation(5)});
                }
            }
        });
        sorted.setPermutationCover(each -> {
            each.accept(5);
            each.accept(80);
        });
        TreeSet<Integer> changed = new TreeSet<>(List.of(80));
        rows.get(80).key = 90;
        source.updatedByTest(changed);

        assertThat(ranges).hasSize(1);
        assertThat(ranges.getFirst()[0]).as("from").isEqualTo(5);
        assertThat(ranges.getFirst()[1]).as("to").isEqualTo(90);
        assertThat(ranges.getFirst()[2]).as("the kept row stays where it is").isEqualTo(5);
        assertThat(sorted.get(89)).as("after the row of key 90 it ties with: the source order breaks the tie").isSameAs(rows.get(80));
    }

    /**
     * A row that moves while the kept rows stay is reported as its removal and its addition: a
     * permutation would cost a table's selection model an entry for every index between (and the
     * selection at the top of a 10,000-row table made that most of the table, every pulse).
     */
    @Test
    void aRowMovingAwayFromTheKeptOnesIsRemovedAndAddedNotPermuted() {
        Source source = new Source();
        List<Item> rows = hundredRows(source);
        IncrementalSortedList<Item> sorted = new IncrementalSortedList<>(source);
        sorted.setComparator(Comparator.comparingInt(i -> i.key));
        List<String> changes = new ArrayList<>();
        sorted.addListener((ListChangeListener<Item>) c -> {
            while (c.next()) {
                changes.add(c.wasPermutated() ? "permutation " + c.getFrom() + ".." + c.getTo()
                        : c.wasUpdated() ? "update " + c.getFrom()
                        : (c.wasRemoved() ? "remove " + c.getFrom() + " " + c.getRemoved() : "")
                        + (c.wasAdded() ? "add " + c.getFrom() + " " + c.getAddedSubList() : ""));
            }
        });
        sorted.setPermutationCover(each -> each.accept(5));
        rows.get(80).key = 90;
        source.updatedByTest(new TreeSet<>(List.of(80)));

        assertThat(changes).containsExactly("remove 80 [80:90]", "add 89 [80:90]", "update 89");
        assertThat(sorted.get(5)).isSameAs(rows.get(5));
    }

    private static List<Item> hundredRows(Source source) {
        List<Item> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new Item(i, i));
        }
        source.insert(0, rows);
        return rows;
    }

    /** What made a churning table stutter: SortedList compares every row for each update; this compares a few per moved row. */
    @Test
    void anUpdateComparesAFewRowsNotTheWholeList() {
        Source source = new Source();
        List<Item> rows = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            rows.add(new Item(i, i % 1000));
        }
        source.insert(0, rows);
        AtomicLong comparisons = new AtomicLong();
        Comparator<Item> counted = (a, b) -> {
            comparisons.incrementAndGet();
            return Integer.compare(a.key, b.key);
        };
        IncrementalSortedList<Item> incremental = new IncrementalSortedList<>(source);
        incremental.setComparator(counted);
        SortedList<Item> javafx = new SortedList<>(source, counted);
        Mirror mirror = new Mirror();
        mirror.rows.addAll(incremental);
        incremental.addListener(mirror);
        javafx.addListener((ListChangeListener<Item>) c -> { });
        Item selected = incremental.get(20_000);

        Random r = new Random(3);
        TreeSet<Integer> changed = new TreeSet<>();
        while (changed.size() < 20) {
            changed.add(r.nextInt(rows.size()));
        }
        comparisons.set(0);
        source.removeAndUpdate(new TreeSet<>(), changed, r);
        long cost = comparisons.get();

        assertThat(incremental).containsExactlyElementsOf(expected(source, Comparator.comparingInt(i -> i.key)));
        assertThat(mirror.rows).containsExactlyElementsOf(incremental);
        assertThat(mirror.rows.indexOf(selected)).as("the permutation carries an unchanged row to its place").isEqualTo(incremental.indexOf(selected));
        // SortedList alone compares on the order of n log n times; 20 moved rows need about 20 x (4 + 2 log2 n)
        assertThat(cost).as("comparisons of both lists for 20 changed rows of 50,000").isGreaterThan(50_000);
        comparisons.set(0);
        javafx.setComparator(null);
        source.removeAndUpdate(new TreeSet<>(), changed, r);
        assertThat(comparisons.get()).as("comparisons for 20 changed rows of 50,000").isLessThan(20 * 40);
    }
}
