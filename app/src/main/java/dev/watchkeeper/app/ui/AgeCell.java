package dev.watchkeeper.app.ui;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableCell;

import java.time.Instant;

/**
 * "12 s ago" from the session's shared clock, with the absolute time and zone in the tooltip. Every
 * cell follows the one clock tick (weakly: a discarded cell is not kept alive); a text that did not
 * change is not set again, so an old age repaints once a minute.
 */
public class AgeCell<S> extends TableCell<S, Instant> {

    private final ObservableValue<Instant> now;
    private final InvalidationListener tick = o -> render();

    public AgeCell(ObservableValue<Instant> now) {
        this.now = now;
        now.addListener(new WeakInvalidationListener(tick));
    }

    @Override
    protected void updateItem(Instant at, boolean empty) {
        super.updateItem(at, empty);
        render();
    }

    private void render() {
        Instant at = getItem();
        if (isEmpty() || at == null) {
            setText(null);
            Styles.setTooltip(this, null);
            return;
        }
        Instant n = now.getValue() == null ? Instant.now() : now.getValue();
        String text = Times.ago(at, n);
        if (!text.equals(getText())) {
            setText(text);
        }
        Styles.setTooltip(this, "Since " + Times.exact(at));
    }
}
