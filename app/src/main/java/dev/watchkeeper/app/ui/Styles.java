package dev.watchkeeper.app.ui;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamFreshness;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.attention.HumanDuration;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** Style-class names and icons that map health to success / warning / danger, never colour alone. */
public final class Styles {

    public static final String SUCCESS = "wk-success";
    public static final String WARNING = "wk-warning";
    public static final String DANGER = "wk-danger";
    public static final String MUTED = "wk-muted";
    public static final String ACCENT = "wk-accent";
    public static final String STALE = "wk-stale";
    public static final String[] HEALTH = {SUCCESS, WARNING, DANGER, MUTED, ACCENT};

    private static final PseudoClass[] HEALTH_STATES = java.util.Arrays.stream(HEALTH)
            .map(PseudoClass::getPseudoClass).toArray(PseudoClass[]::new);
    private static final String TOOLTIP_KEY = "wk-reused-tooltip";

    private Styles() {
    }

    /**
     * Marks a table cell with one health state ({@code cls}, or none when null) as a CSS
     * pseudo-class ({@code .table-cell:wk-danger}). Cells re-render a thousand times a second;
     * switching a pseudo-class only re-matches styles, while editing the style-class list
     * re-applies CSS to the cell and its children from scratch.
     */
    public static void setHealth(Node cell, String cls) {
        for (int i = 0; i < HEALTH.length; i++) {
            cell.pseudoClassStateChanged(HEALTH_STATES[i], HEALTH[i].equals(cls));
        }
    }

    /**
     * Shows {@code text} as the control's tooltip (none when null), reusing one Tooltip per control:
     * a Tooltip is a popup window with its own scene, too dear to create whenever a cell re-renders.
     */
    public static void setTooltip(Control control, String text) {
        Tooltip t = control.getTooltip();
        if (text == null) {
            if (t != null) {
                control.setTooltip(null);
            }
            return;
        }
        if (t == null) {
            t = (Tooltip) control.getProperties().computeIfAbsent(TOOLTIP_KEY, k -> new Tooltip());
            control.setTooltip(t);
        }
        if (!text.equals(t.getText())) {
            t.setText(text);
        }
    }

    public static String forLifecycle(LifecycleState s) {
        return switch (s) {
            case RUNNING -> SUCCESS;
            case INITIALIZING, SUSPENDING -> ACCENT;
            case SUSPENDED, DELETED -> MUTED;
            case REPAIRING, UNKNOWN -> DANGER;
            case DELETING -> WARNING;
        };
    }

    public static Ikon iconForLifecycle(LifecycleState s) {
        return switch (s) {
            case RUNNING -> Material2AL.CHECK_CIRCLE;
            case INITIALIZING -> Material2AL.HOURGLASS_EMPTY;
            case SUSPENDING -> Material2MZ.PAUSE_CIRCLE_OUTLINE;
            case SUSPENDED -> Material2MZ.PAUSE_CIRCLE_FILLED;
            case REPAIRING -> Material2AL.BUILD;
            case DELETING -> Material2AL.DELETE_SWEEP;
            case DELETED -> Material2AL.DELETE;
            case UNKNOWN -> Material2AL.HELP;
        };
    }

    public static String forStream(StreamHealth h) {
        return switch (h) {
            case RUNNING -> SUCCESS;
            case WAITING -> ACCENT;
            case STALLED -> DANGER;
            case UNSPECIFIED -> WARNING;
            case IDLE, UNKNOWN -> MUTED;
        };
    }

    /**
     * The one style for a stream's health with the freshness of its report: a stale or missing
     * report is a warning, except that a STALLED stream stays a danger.
     */
    public static String forStream(StreamHealth h, StreamFreshness f) {
        return f.doubtful() && h != StreamHealth.STALLED ? WARNING : forStream(h);
    }

    /** The one text for it: "RUNNING · 12 s ago", "IDLE · 4 min old (stale)", "RUNNING · no health report", "unknown". */
    public static String streamText(StreamHealth h, StreamFreshness f) {
        String text = healthText(h);
        return switch (f.state()) {
            case UNKNOWN -> text;
            case NO_REPORT -> text + " · no health report";
            case FRESH -> text + " · " + HumanDuration.format(f.age()) + " ago";
            case STALE -> text + " · " + HumanDuration.format(f.age()) + " old (stale)";
        };
    }

    public static Ikon iconForStream(StreamHealth h) {
        return switch (h) {
            case RUNNING -> Material2AL.CHECK_CIRCLE;
            case WAITING -> Material2AL.HOURGLASS_EMPTY;
            case STALLED -> Material2AL.ERROR;
            case UNSPECIFIED -> Material2MZ.WARNING;
            case IDLE -> Material2MZ.PAUSE_CIRCLE_OUTLINE;
            case UNKNOWN -> Material2AL.HELP_OUTLINE;
        };
    }

    public static String forExecutor(ExecutorHealth h) {
        return switch (h) {
            case RUNNING -> SUCCESS;
            case WAITING -> ACCENT;
            case FAILING, STALLED -> DANGER;
            case UNSPECIFIED -> WARNING;
            case IDLE, STOPPED, UNKNOWN -> MUTED;
        };
    }

    public static Ikon iconForExecutor(ExecutorHealth h) {
        return switch (h) {
            case RUNNING -> Material2AL.CHECK_CIRCLE;
            case WAITING -> Material2AL.HOURGLASS_EMPTY;
            case FAILING -> Material2AL.ERROR_OUTLINE;
            case STALLED -> Material2AL.ERROR;
            case UNSPECIFIED -> Material2MZ.WARNING;
            case IDLE -> Material2MZ.PAUSE_CIRCLE_OUTLINE;
            case STOPPED -> Material2MZ.STOP_CIRCLE;
            case UNKNOWN -> Material2AL.HELP_OUTLINE;
        };
    }

    /** Health as an operator reads it: "unknown" rather than an enum constant nobody configured. */
    public static String healthText(Enum<?> h) {
        return h.name().equals("UNKNOWN") ? "unknown" : h.name();
    }
}
