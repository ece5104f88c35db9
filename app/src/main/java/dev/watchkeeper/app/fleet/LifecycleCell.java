package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.IndexerState;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableCell;
import org.kordamp.ikonli.javafx.FontIcon;

/** Lifecycle state as icon + text + colour; unreadable values say so and keep the raw text in a tooltip. */
final class LifecycleCell extends TableCell<IndexerRow, IndexerState> {

    private final FontIcon icon = new FontIcon();
    private final ObservableValue<CoordinatorKind> coordinator;

    LifecycleCell(ObservableValue<CoordinatorKind> coordinator) {
        this.coordinator = coordinator;
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
        CoordinatorKind kind = coordinator.getValue();
        String text = state.lifecycleText(kind);
        if (!state.isReadable()) {
            text = text + " ⚠";
            Styles.setTooltip(this, (state.isMissing() ? "" : "Unreadable state: ") + state.problem()
                    + (state.rawJson() == null ? "" : "\nRaw: " + state.rawJson()));
        } else if (state.isFinal(kind) && state.lifecycle() != dev.watchkeeper.model.LifecycleState.DELETED) {
            Styles.setTooltip(this, "Deleted. Upstream's coordinator never writes Deleted: the key keeps \"Deleting\" and stays in Redis.");
        } else if (state.lifecycle() == dev.watchkeeper.model.LifecycleState.UNKNOWN) {
            // the raw value can be longer than any column: whole on hover (and in the detail)
            Styles.setTooltip(this, text + ": a lifecycle state this console does not know");
        } else {
            Styles.setTooltip(this, null);
        }
        setText(text);
        Styles.setHealth(this, Styles.forLifecycle(state.lifecycle()));
    }
}
