package dev.watchkeeper.app.ui;

import javafx.scene.Node;
import javafx.stage.Window;

/**
 * Whether a view is on screen. A tab that is not selected keeps its content in the scene, only
 * hidden, and a hidden label whose text changes still has its region repainted: a freshness line
 * ticking each second in a tab nobody looks at cost the idle console a repaint a second. Views
 * update such lines only while shown, and once more when shown again.
 */
public final class OnScreen {

    private OnScreen() {
    }

    /** In a showing window, with the node and every ancestor visible. */
    public static boolean isShown(Node node) {
        if (node.getScene() == null) {
            return false;
        }
        Window window = node.getScene().getWindow();
        if (window == null || !window.isShowing()) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code refresh} when {@code view} comes back on screen: its container (a tab's content
     * area) turns visible, or it is put into a container.
     */
    public static void whenShownAgain(Node view, Runnable refresh) {
        view.parentProperty().flatMap(Node::visibleProperty).addListener((obs, was, visible) -> {
            if (Boolean.TRUE.equals(visible) && isShown(view)) {
                refresh.run();
            }
        });
    }
}
