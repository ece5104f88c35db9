package dev.watchkeeper.app.dashboard;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The dashboard's tiles in one row when they fit, else in as many rows as needed: one row gives
 * each tile its preferred width (spare width goes to all, evenly), or shrinks them towards their
 * minimum (what their content needs); below the sum of minimums the tiles reflow onto further rows,
 * each row stretched to the width. An HBox let the tiles overlap on a 1,280-px window.
 */
public class TileStrip extends Pane {

    private final double gap;
    private final double tileHeight;
    private ToDoubleFunction<Node> minWidth = n -> n.minWidth(-1);

    public TileStrip(double gap, double tileHeight) {
        this.gap = gap;
        this.tileHeight = tileHeight;
    }

    /** How narrow each tile may get before the strip wraps (default: the node's own minimum width). */
    public void setMinWidthOf(ToDoubleFunction<Node> minWidth) {
        this.minWidth = minWidth;
        requestLayout();
    }

    /** How narrow {@code tile} may get. */
    public double minWidthOf(Node tile) {
        return minWidth.applyAsDouble(tile);
    }

    /** The tiles of each row at {@code width} (inner width, without padding). */
    List<List<Node>> rows(double width) {
        List<Node> tiles = getManagedChildren();
        List<List<Node>> rows = new ArrayList<>();
        List<Node> row = new ArrayList<>();
        double used = 0;
        for (Node n : tiles) {
            double w = minWidth.applyAsDouble(n);
            if (!row.isEmpty() && used + gap + w > width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            used += (row.isEmpty() ? 0 : gap) + w;
            row.add(n);
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    /** The height depends on the width (how many rows): parents must ask with the width they give. */
    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        List<Node> tiles = getManagedChildren();
        double w = tiles.stream().mapToDouble(n -> Math.max(minWidth.applyAsDouble(n), n.prefWidth(-1))).sum()
                + gap * Math.max(0, tiles.size() - 1);
        return in.getLeft() + w + in.getRight();
    }

    @Override
    protected double computeMinWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + getManagedChildren().stream().mapToDouble(minWidth).max().orElse(0) + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        double inner = (width < 0 ? computePrefWidth(-1) : width) - in.getLeft() - in.getRight();
        int n = rows(inner).size();
        return in.getTop() + n * tileHeight + gap * Math.max(0, n - 1) + in.getBottom();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double inner = getWidth() - in.getLeft() - in.getRight();
        double y = in.getTop();
        for (List<Node> row : rows(inner)) {
            layoutRow(row, in.getLeft(), y, inner);
            y += tileHeight + gap;
        }
    }

    private void layoutRow(List<Node> row, double x, double y, double width) {
        double gaps = gap * (row.size() - 1);
        double[] min = row.stream().mapToDouble(minWidth).toArray();
        double[] pref = new double[row.size()];
        double sumMin = 0;
        double sumPref = 0;
        for (int i = 0; i < row.size(); i++) {
            pref[i] = Math.max(min[i], row.get(i).prefWidth(-1));
            sumMin += min[i];
            sumPref += pref[i];
        }
        double avail = width - gaps;
        for (int i = 0; i < row.size(); i++) {
            double w;
            if (avail >= sumPref) {
                w = pref[i] + (avail - sumPref) / row.size();
            } else if (sumPref > sumMin) {
                // shrink each towards its minimum in proportion to how much it can give
                w = min[i] + (pref[i] - min[i]) * Math.max(0, avail - sumMin) / (sumPref - sumMin);
            } else {
                w = min[i];
            }
            row.get(i).resizeRelocate(snapPositionX(x), snapPositionY(y), snapSizeX(w), tileHeight);
            x += w + gap;
        }
    }
}
