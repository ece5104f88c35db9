package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.IndexerState;
import javafx.scene.control.TableCell;
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
        if (empty || state == null) {
            Styles.setHealth(this, null);
            setText(null);
            setGraphic(null);
            Styles.setTooltip(this, null);
            return;
        }
        icon.setIconCode(Styles.iconForLifecycle(state.lifecycle()));
        setGraphic(icon);
        String text = state.lifecycleText();
        if (!state.isReadable()) {
            text = text + " ⚠";
            Styles.setTooltip(this, "Unreadable state: " + state.problem() + "\nRaw: " + state.rawJson());
        } else {
            Styles.setTooltip(this, null);
        }
        setText(text);
        Styles.setHealth(this, Styles.forLifecycle(state.lifecycle()));
    }
}
