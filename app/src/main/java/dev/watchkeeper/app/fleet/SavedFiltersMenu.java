package dev.watchkeeper.app.fleet;

import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** A menu of named filters: apply one, save the current filter under a name, forget one. */
final class SavedFiltersMenu extends MenuButton {

    public static final String ID = "savedFilters";

    private final FleetViewModel model;
    private final SavedFilters store;
    private final BiFunction<String, String, Optional<String>> askText;

    /** @param askText asks the operator for a line of text (title, question): the dialog service's */
    SavedFiltersMenu(FleetViewModel model, SavedFilters store, BiFunction<String, String, Optional<String>> askText) {
        super("Saved", new FontIcon(Material2AL.BOOKMARKS));
        this.model = model;
        this.store = store;
        this.askText = askText;
        setId(ID);
        setTooltip(new Tooltip("Saved filters"));
        setOnShowing(e -> rebuild());
        rebuild();
    }

    private void rebuild() {
        getItems().clear();
        Map<String, FleetFilter> all = store.all();
        for (var e : all.entrySet()) {
            MenuItem apply = new MenuItem(e.getKey());
            apply.setOnAction(a -> model.setFilter(e.getValue()));
            getItems().add(apply);
        }
        if (!all.isEmpty()) {
            getItems().add(new SeparatorMenuItem());
        }
        MenuItem save = new MenuItem("Save current filter…");
        save.setDisable(model.filterProperty().get().isEmpty());
        save.setOnAction(a -> askText.apply("Save filter", "Name for the current fleet filter")
                .ifPresent(name -> store.save(name, model.filterProperty().get())));
        getItems().add(save);
        if (!all.isEmpty()) {
            javafx.scene.control.Menu forget = new javafx.scene.control.Menu("Forget");
            for (String name : all.keySet()) {
                MenuItem m = new MenuItem(name);
                m.setOnAction(a -> store.remove(name));
                forget.getItems().add(m);
            }
            getItems().add(forget);
        }
    }
}
