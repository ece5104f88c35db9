package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Instant;

/** One fleet table row. Lives on the FX thread; updated in place as new states arrive. */
public final class IndexerRow {

    private final IndexerId id;
    private final ObjectProperty<IndexerState> state = new SimpleObjectProperty<>(this, "state");
    private final ObjectProperty<Instant> stateSince = new SimpleObjectProperty<>(this, "stateSince");
    /** The command in flight or its last failure, shown next to the state; null when none. */
    private final StringProperty commandNote = new SimpleStringProperty(this, "commandNote");

    public IndexerRow(IndexerState initial, Instant observedAt) {
        this.id = initial.id();
        this.state.set(initial);
        this.stateSince.set(observedAt);
    }

    public IndexerId id() {
        return id;
    }

    public IndexerState state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<IndexerState> stateProperty() {
        return state;
    }

    public ReadOnlyObjectProperty<Instant> stateSinceProperty() {
        return stateSince;
    }

    public StringProperty commandNoteProperty() {
        return commandNote;
    }

    /** Applies a newly observed state; returns true when it differs from the shown one. */
    boolean update(IndexerState next, Instant observedAt) {
        IndexerState prev = state.get();
        if (prev.equals(next)) {
            return false;
        }
        if (prev.lifecycle() != next.lifecycle()) {
            stateSince.set(observedAt);
        }
        state.set(next);
        return true;
    }
}
