package dev.watchkeeper.app.ui;

import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Widens a table's columns to their content once, when rows first show: a column as wide as its
 * header cut texts such as "Unknown (PAUSED_BY_…". It measures the cells on screen (text plus icon
 * plus padding), so it costs one pass over some thirty cells, once. Columns
 * only grow, up to {@link #MAX_WIDTH}; the user's later resizing is left alone.
 */
public final class ColumnFit {

    static final double MAX_WIDTH = 520;

    private ColumnFit() {
    }

    public static <S> void onFirstRows(TableView<S> table) {
        if (!table.getItems().isEmpty()) {
            afterNextLayout(table, () -> fit(table));
            return;
        }
        table.getItems().addListener(new ListChangeListener<S>() {
            @Override
            public void onChanged(Change<? extends S> c) {
                if (!table.getItems().isEmpty()) {
                    table.getItems().removeListener(this);
                    afterNextLayout(table, () -> fit(table));
                }
            }
        });
    }

    /** Runs {@code r} once after the next layout pulse of the table's scene (when it has one). */
    private static void afterNextLayout(TableView<?> table, Runnable r) {
        Scene scene = table.getScene();
        if (scene == null) {
            table.sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Scene> obs, Scene o, Scene s) {
                    if (s != null) {
                        table.sceneProperty().removeListener(this);
                        afterNextLayout(table, r);
                    }
                }
            });
            return;
        }
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            scene.removePostLayoutPulseListener(self[0]);
            // the cells are laid out now; measuring in the same pulse would re-layout at once
            javafx.application.Platform.runLater(r);
        };
        scene.addPostLayoutPulseListener(self[0]);
        javafx.application.Platform.requestNextPulse();
    }

    /** Text plus icon plus padding: a table cell's own preferred width is its column's. */
    static double contentWidth(TableCell<?, ?> cell) {
        double w = cell.snappedLeftInset() + cell.snappedRightInset();
        if (cell.getText() != null && !cell.getText().isEmpty()) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(cell.getText());
            t.setFont(cell.getFont());
            w += t.getLayoutBounds().getWidth();
            if (cell.getGraphic() != null) {
                w += cell.getGraphicTextGap();
            }
        }
        if (cell.getGraphic() != null) {
            w += cell.getGraphic().prefWidth(-1);
        }
        return w;
    }

    /**
     * Widens each column to its widest cell on screen; a column of plain text (names) to its
     * longest value among all rows, as a later sort brings other rows on screen.
     */
    public static <S> void fit(TableView<S> table) {
        Map<TableColumn<?, ?>, Double> widest = new HashMap<>();
        Map<TableColumn<?, ?>, TableCell<?, ?>> sample = new HashMap<>();
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> cell && !((IndexedCell<?>) cell).isEmpty() && cell.getTableColumn() != null) {
                widest.merge(cell.getTableColumn(), contentWidth(cell), Math::max);
                sample.putIfAbsent(cell.getTableColumn(), cell);
            }
        }
        sample.forEach((column, cell) -> {
            if (cell.getGraphic() != null) {
                return;
            }
            List<String> values = new java.util.ArrayList<>();
            int longest = 0;
            for (int i = 0; i < table.getItems().size(); i++) {
                if (!(column.getCellData(i) instanceof String v)) {
                    return;
                }
                values.add(v);
                longest = Math.max(longest, v.length());
            }
            // in a proportional font a slightly shorter name can be wider: measure the few longest
            int from = longest - 3;
            values.stream().filter(v -> v.length() >= from).distinct().limit(200).forEach(v -> {
                javafx.scene.text.Text t = new javafx.scene.text.Text(v);
                t.setFont(cell.getFont());
                widest.merge(column, t.getLayoutBounds().getWidth() + cell.snappedLeftInset() + cell.snappedRightInset(), Math::max);
            });
        });
        for (TableColumn<S, ?> c : List.copyOf(table.getVisibleLeafColumns())) {
            Double w = widest.get(c);
            if (w != null && w + 4 > c.getWidth()) {
                c.setPrefWidth(Math.min(MAX_WIDTH, Math.ceil(w + 4)));
            }
        }
    }
}
