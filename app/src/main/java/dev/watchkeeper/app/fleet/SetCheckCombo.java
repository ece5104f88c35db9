package dev.watchkeeper.app.fleet;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;

import java.util.List;
import java.util.function.Function;

/** A ControlsFX CheckComboBox kept in sync, both ways, with an observable set of chosen values. */
final class SetCheckCombo<T> extends CheckComboBox<T> {

    private final ObservableSet<T> chosen;
    private boolean syncing;

    SetCheckCombo(List<T> values, ObservableSet<T> chosen, String noneTitle, String noun) {
        super(javafx.collections.FXCollections.observableArrayList(values));
        this.chosen = chosen;
        setShowCheckedCount(false);
        getCheckModel().getCheckedItems().addListener((ListChangeListener<T>) c -> {
            if (!syncing) {
                syncing = true;
                try {
                    chosen.retainAll(getCheckModel().getCheckedItems());
                    chosen.addAll(getCheckModel().getCheckedItems());
                } finally {
                    syncing = false;
                }
            }
        });
        chosen.addListener((SetChangeListener<T>) c -> pull());
        titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> chosen.isEmpty() ? noneTitle
                : chosen.size() == 1 ? getConverter().toString(chosen.iterator().next()) : chosen.size() + " " + noun, chosen, converterProperty()));
        pull();
    }

    void setConverterFunction(Function<T, String> f) {
        setConverter(new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : f.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        });
    }

    private void pull() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            for (T item : getItems()) {
                if (chosen.contains(item) != getCheckModel().isChecked(item)) {
                    if (chosen.contains(item)) {
                        getCheckModel().check(item);
                    } else {
                        getCheckModel().clearCheck(item);
                    }
                }
            }
        } finally {
            syncing = false;
        }
    }
}
