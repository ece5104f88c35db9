package dev.watchkeeper.app.ui;

import dev.watchkeeper.model.attention.AttentionKind;
import javafx.scene.control.TableCell;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * An attention kind as icon, colour and label; its rank (the sort order) is in the tooltip: a
 * number glued to the label read like a count. Used by the Attention and Fleet tables.
 */
public class SeverityCell<S> extends TableCell<S, AttentionKind> {

    @Override
    protected void updateItem(AttentionKind k, boolean empty) {
        super.updateItem(k, empty);
        if (empty || k == null) {
            Styles.setHealth(this, null);
            setText(null);
            setGraphic(null);
            Styles.setTooltip(this, null);
            return;
        }
        setText(k.label());
        setGraphic(new FontIcon(icon(k)));
        Styles.setHealth(this, style(k));
        Styles.setTooltip(this, "Severity " + k.rank() + " of " + AttentionKind.values().length + " (1 is the most urgent)");
    }

    public static Ikon icon(AttentionKind k) {
        return switch (k) {
            case REPAIRING -> Material2AL.BUILD;
            case STALLED_STREAM, STALLED_EXECUTOR -> Material2AL.ERROR;
            case STALE_HEALTH -> Material2AL.ACCESS_TIME;
            case FAILING_EXECUTOR -> Material2AL.ERROR_OUTLINE;
            case FAILURE_RATE_JUMP -> Material2MZ.TRENDING_UP;
            case STUCK_TRANSITION -> Material2MZ.SYNC_PROBLEM;
            case UNKNOWN_STATE -> Material2AL.HELP;
            case UNREADABLE_STATE -> Material2AL.BROKEN_IMAGE;
            case MISSING_STATE -> Material2AL.LINK_OFF;
        };
    }

    public static String style(AttentionKind k) {
        return switch (k) {
            case REPAIRING, STALLED_STREAM, STALLED_EXECUTOR, FAILING_EXECUTOR, UNREADABLE_STATE, MISSING_STATE -> Styles.DANGER;
            case STALE_HEALTH, STUCK_TRANSITION, UNKNOWN_STATE, FAILURE_RATE_JUMP -> Styles.WARNING;
        };
    }
}
