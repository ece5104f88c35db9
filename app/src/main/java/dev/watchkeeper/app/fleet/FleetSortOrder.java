package dev.watchkeeper.app.fleet;

import javafx.collections.ListChangeListener;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fleet table's sort order as a short text ("attentionColumn:ASCENDING,accountColumn:ASCENDING"),
 * so it can be remembered per connection profile. Columns are named by id; a saved column that no
 * longer exists is skipped, and a text with none left gives the default order.
 */
public final class FleetSortOrder {

    private FleetSortOrder() {
    }

    /** The table's current order as text; empty when unsorted. */
    public static <S> String encode(TableView<S> table) {
        List<String> parts = new ArrayList<>();
        for (TableColumn<S, ?> c : table.getSortOrder()) {
            if (c.getId() != null) {
                parts.add(c.getId() + ":" + c.getSortType().name());
            }
        }
        return String.join(",", parts);
    }

    /** Applies {@code spec}; when null or naming no known column, applies {@code fallback}. */
    public static <S> void apply(TableView<S> table, String spec, String fallback) {
        if (!applied(table, spec)) {
            applied(table, fallback);
        }
    }

    private static <S> boolean applied(TableView<S> table, String spec) {
        if (spec == null || spec.isBlank()) {
            return false;
        }
        List<TableColumn<S, ?>> order = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] p = part.split(":");
            TableColumn<S, ?> column = table.getColumns().stream().filter(c -> p[0].equals(c.getId())).findFirst().orElse(null);
            if (column == null || order.contains(column)) {
                continue;
            }
            column.setSortType(p.length > 1 && "DESCENDING".equals(p[1]) ? TableColumn.SortType.DESCENDING : TableColumn.SortType.ASCENDING);
            order.add(column);
        }
        if (order.isEmpty()) {
            return false;
        }
        table.getSortOrder().setAll(order);
        return true;
    }

    /** Calls {@code save} with the new text whenever the user changes the order or a direction. */
    public static <S> void onChange(TableView<S> table, Consumer<String> save) {
        Runnable changed = () -> save.accept(encode(table));
        table.getSortOrder().addListener((ListChangeListener<TableColumn<S, ?>>) c -> changed.run());
        for (TableColumn<S, ?> column : table.getColumns()) {
            column.sortTypeProperty().addListener((obs, o, n) -> {
                if (table.getSortOrder().contains(column)) {
                    changed.run();
                }
            });
        }
    }
}
