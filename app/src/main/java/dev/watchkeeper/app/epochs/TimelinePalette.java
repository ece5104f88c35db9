package dev.watchkeeper.app.epochs;

import javafx.scene.Node;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;

import java.util.List;

/**
 * The canvas's own colours, taken from the theme's looked-up colours (AtlantaFX {@code -color-*}
 * variables) so the timeline follows the light/dark theme. A canvas has no CSS of its own, so
 * each colour is read from a hidden probe node styled with the variable; when the theme changes,
 * the probes' fills change and {@code onChange} redraws. Light-theme values stand in until CSS
 * is applied or when a variable is undefined.
 */
final class TimelinePalette {

    private final Text background = probe("-color-bg-default", "#ffffff");
    private final Text band = probe("-color-bg-subtle", "#f6f8fa");
    private final Text header = probe("-color-neutral-muted", "#eaeef2");
    private final Text text = probe("-color-fg-default", "#1f2328");
    private final Text muted = probe("-color-fg-muted", "#656d76");
    private final Text border = probe("-color-border-default", "#d0d7de");
    private final Text danger = probe("-color-danger-fg", "#cf222e");
    private final Text warning = probe("-color-warning-fg", "#9a6700");

    TimelinePalette(Runnable onChange) {
        for (Text t : List.of(background, band, header, text, muted, border, danger, warning)) {
            t.fillProperty().addListener(o -> onChange.run());
        }
    }

    /** Add these to the scene graph under the canvas so their CSS is applied. */
    List<Node> probes() {
        return List.of(background, band, header, text, muted, border, danger, warning);
    }

    Color background() {
        return color(background);
    }

    Color band() {
        return color(band);
    }

    Color header() {
        return color(header);
    }

    Color text() {
        return color(text);
    }

    Color muted() {
        return color(muted);
    }

    Color border() {
        return color(border);
    }

    Color danger() {
        return color(danger);
    }

    Color warning() {
        return color(warning);
    }

    private static Text probe(String variable, String fallback) {
        Text t = new Text();
        t.setFill(Color.web(fallback));
        t.setUserData(Color.web(fallback));
        t.setStyle("-fx-fill: " + variable + ";");
        t.setManaged(false);
        t.setVisible(false);
        return t;
    }

    private static Color color(Text t) {
        Paint p = t.getFill();
        return p instanceof Color c ? c : (Color) t.getUserData();
    }
}
