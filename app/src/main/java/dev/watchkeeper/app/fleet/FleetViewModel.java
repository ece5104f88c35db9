package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.StateBatch;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fleet as the table shows it. Receives state batches (already on the FX thread, coalesced)
 * and updates rows in place, so selection and scroll position survive updates.
 */
public final class FleetViewModel {

    private final Map<IndexerId, IndexerRow> byId = new HashMap<>();
    /** Rows changed by a batch are reported as one list change (see RowList), not one per row. */
    private final RowList rows = new RowList();
    private final FilteredList<IndexerRow> filtered = new FilteredList<>(rows);
    private final SortedList<IndexerRow> sorted = new SortedList<>(filtered);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ReadOnlyObjectWrapper<Instant> dataAsOf = new ReadOnlyObjectWrapper<>(this, "dataAsOf");
    private final List<Consumer<IndexerRow>> rowListeners = new ArrayList<>();

    public FleetViewModel() {
        filterText.addListener((obs, old, text) -> filtered.setPredicate(predicate(text)));
    }

    public SortedList<IndexerRow> sortedRows() {
        return sorted;
    }

    public ObservableList<IndexerRow> allRows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ReadOnlyObjectProperty<Instant> dataAsOfProperty() {
        return dataAsOf.getReadOnlyProperty();
    }

    public IndexerRow row(IndexerId id) {
        return byId.get(id);
    }

    /** Called after a row's state changed (e.g. to confirm a pending command). */
    public void addRowListener(Consumer<IndexerRow> listener) {
        rowListeners.add(listener);
    }

    /** Applies batches in arrival order. Must run on the FX thread. */
    public void apply(List<StateBatch> batches) {
        List<IndexerRow> added = new ArrayList<>();
        Set<IndexerRow> removed = new HashSet<>();
        Set<IndexerRow> updated = new HashSet<>();
        for (StateBatch batch : batches) {
            if (batch.fullSnapshot()) {
                Set<IndexerId> present = new HashSet<>();
                batch.upserts().forEach(s -> present.add(s.id()));
                for (IndexerRow row : byId.values()) {
                    if (!present.contains(row.id())) {
                        removed.add(row);
                    }
                }
                byId.keySet().retainAll(present);
            }
            for (IndexerId gone : batch.removed()) {
                IndexerRow row = byId.remove(gone);
                if (row != null) {
                    removed.add(row);
                }
            }
            for (IndexerState s : batch.upserts()) {
                IndexerRow row = byId.get(s.id());
                if (row == null) {
                    row = new IndexerRow(s, batch.observedAt());
                    byId.put(s.id(), row);
                    added.add(row);
                    removed.remove(row);
                } else if (row.update(s, batch.observedAt())) {
                    updated.add(row);
                    for (Consumer<IndexerRow> l : rowListeners) {
                        l.accept(row);
                    }
                }
            }
            dataAsOf.set(batch.observedAt());
        }
        added.removeIf(r -> byId.get(r.id()) != r);
        if (!removed.isEmpty()) {
            rows.removeAll(removed);
        }
        if (!added.isEmpty()) {
            rows.addAll(added);
        }
        updated.removeAll(removed);
        rows.fireUpdated(updated);
    }

    /** Marks data as confirmed current without changes (e.g. a heartbeat or an empty poll). */
    public void confirmed(Instant at) {
        if (at != null && (dataAsOf.get() == null || at.isAfter(dataAsOf.get()))) {
            dataAsOf.set(at);
        }
    }

    static java.util.function.Predicate<IndexerRow> predicate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] words = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return row -> {
            String hay = (row.id().fullName() + " " + row.state().lifecycleText()).toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (!hay.contains(w)) {
                    return false;
                }
            }
            return true;
        };
    }
}
