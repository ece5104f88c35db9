package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.IndexerState;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;

/** Lifecycle state as icon + text + colour; unreadable values say so and keep the raw text in a tooltip. */
final class LifecycleCell extends TableCell<IndexerRow, IndexerState> {

    private final FontIcon icon = new FontIcon();

    LifecycleCell() {
        getStyleClass().add("wk-lifecycle-cell");
    }

    @Override
    protected void updateItem(IndexerState state, boolean empty) {
        super.updateItem(state, empty);
        getStyleClass().removeAll(Styles.HEALTH);
        if (empty || state == null) {
            setText(null);
            setGraphic(null);
            setTooltip(null);
            return;
        }
        icon.setIconCode(Styles.iconForLifecycle(state.lifecycle()));
        setGraphic(icon);
        String text = state.lifecycleText();
        if (!state.isReadable()) {
            text = text + " ⚠";
            setTooltip(new Tooltip("Unreadable state: " + state.problem() + "\nRaw: " + state.rawJson()));
        } else {
            setTooltip(null);
        }
        setText(text);
        getStyleClass().add(Styles.forLifecycle(state.lifecycle()));
    }
}
