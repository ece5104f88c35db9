package dev.watchkeeper.app.epochs;

import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.EpochSummary;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.ProjectLane;
import dev.watchkeeper.model.epoch.StateUpdate;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;

/**
 * The epoch Gantt: one row per project, time left to right across the epoch window, one bar per
 * state update (from the previous update, or the epoch's release, to its own timestamp). Drawn on
 * one canvas the size of the viewport: only visible rows and epochs are painted, no node per cell,
 * so 2,000 projects × 30 epochs × 6 states scroll as fast as 40.
 */
public final class EpochTimelineCanvas extends Region {

    public static final double ROW_HEIGHT = 18;
    public static final double HEADER_HEIGHT = 40;
    public static final double LABEL_WIDTH = 300;
    private static final double MIN_BAR = 3;
    public static final double EPOCH_WIDTH = 120;
    public static final double MAX_ZOOM = 60;

    private final Canvas canvas = new Canvas();
    private final ScrollBar vBar = new ScrollBar();
    private final ScrollBar hBar = new ScrollBar();
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final Font font = Font.font("System", 11);
    private final Font bold = Font.font("System", javafx.scene.text.FontWeight.BOLD, 11);
    private EpochIndex index = EpochIndex.EMPTY;
    private List<ProjectLane> lanes = List.of();
    private TimelineHit highlighted;
    private final TimelinePalette palette = new TimelinePalette(this::redraw);
    /** Set once the operator zooms by hand: from then on the zoom is theirs until {@link #fitToWindow()}. */
    private boolean manualZoom;
    private boolean fitting;
    /** The axis and width the current zoom was fitted to; a change triggers a re-fit. */
    private String fittedTo = "";
    private EpochAxis axis = new EpochAxis(EpochIndex.EMPTY, 1);

    public EpochTimelineCanvas() {
        getStyleClass().add("wk-epoch-canvas");
        vBar.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, vBar, hBar);
        getChildren().addAll(palette.probes());
        vBar.valueProperty().addListener(o -> redraw());
        hBar.valueProperty().addListener(o -> redraw());
        zoom.addListener(o -> {
            if (!fitting) {
                manualZoom = true;
            }
            updateScrollBars();
            redraw();
        });
        setOnScroll(e -> {
            if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
                double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
                hBar.setValue(clamp(hBar.getValue() - d, hBar.getMin(), hBar.getMax()));
            } else {
                vBar.setValue(clamp(vBar.getValue() - e.getDeltaY(), vBar.getMin(), vBar.getMax()));
            }
            e.consume();
        });
        setMinSize(200, 120);
    }

    /** Replaces what is drawn (the index and the filtered lanes in it). */
    public void setData(EpochIndex index, List<ProjectLane> lanes) {
        boolean first = this.index.epochs().isEmpty() && !index.epochs().isEmpty();
        // Follow the newest epoch while the operator looks at it; leave the scroll alone otherwise.
        boolean followNewest = first || hBar.getValue() >= hBar.getMax() - 1;
        this.index = index;
        this.lanes = lanes;
        if (followNewest) {
            refitIfAxisChanged();
        }
        updateScrollBars();
        if (followNewest) {
            hBar.setValue(hBar.getMax());
        }
        redraw();
    }

    /** Forgets a hand-set zoom and fits the window again (one epoch ≈ {@link #EPOCH_WIDTH} px), showing the newest epoch. */
    public void fitToWindow() {
        manualZoom = false;
        fittedTo = "";
        refitIfAxisChanged();
        updateScrollBars();
        hBar.setValue(hBar.getMax());
        redraw();
    }

    /** Whether the operator has zoomed by hand (automatic fitting is then off). */
    public boolean isManualZoom() {
        return manualZoom;
    }

    /**
     * Re-fits the zoom whenever the epochs' time span or the plot width changed (a first window
     * may hold one epoch and the next thirty), unless the operator zoomed by hand.
     */
    private void refitIfAxisChanged() {
        String axis = index.epochs().size() + ":" + index.minTime() + ":" + index.maxTime() + ":" + Math.round(plotWidth());
        if (manualZoom || axis.equals(fittedTo) || canvas.getWidth() <= LABEL_WIDTH) {
            return;
        }
        fittedTo = axis;
        fitting = true;
        try {
            zoom.set(fittedZoom());
        } finally {
            fitting = false;
        }
    }

    /** The zoom at which one epoch is about {@link #EPOCH_WIDTH} pixels wide, or 1 when all fit. */
    private double fittedZoom() {
        double epochSeconds = EpochAxis.typicalEpochSeconds(index);
        if (epochSeconds <= 0) {
            return 1;
        }
        double fit = plotWidth() / span();
        double wanted = EPOCH_WIDTH / epochSeconds;
        return Math.max(1, Math.min(MAX_ZOOM, wanted / fit));
    }

    /** Left edge of epoch {@code e} (oldest first), in this region's coordinates (for tests and overlays). */
    public double epochX(int e) {
        return LABEL_WIDTH + axis.x(e) - hBar.getValue();
    }

    /** Width of epoch {@code e}'s column in pixels. */
    public double epochWidth(int e) {
        return axis.width(e);
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public ScrollBar verticalBar() {
        return vBar;
    }

    public void setHighlighted(TimelineHit hit) {
        this.highlighted = hit;
        redraw();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double vw = vBar.prefWidth(-1);
        double hh = hBar.prefHeight(-1);
        canvas.setWidth(Math.max(0, w - vw));
        canvas.setHeight(Math.max(0, h - hh));
        vBar.resizeRelocate(w - vw, 0, vw, h - hh);
        hBar.resizeRelocate(0, h - hh, w - vw, hh);
        boolean followNewest = hBar.getValue() >= hBar.getMax() - 1;
        refitIfAxisChanged();
        updateScrollBars();
        if (followNewest) {
            hBar.setValue(hBar.getMax());
        }
        redraw();
    }

    private double plotWidth() {
        return Math.max(10, canvas.getWidth() - LABEL_WIDTH);
    }

    private double span() {
        // A little room after the newest timestamp so the last bars do not touch the edge.
        return Math.max(1, index.maxTime() - index.minTime()) * 1.03 + 1;
    }

    private double pxPerSecond() {
        return plotWidth() * zoom.get() / span();
    }

    /** Where time {@code t} of epoch {@code e} is drawn, in this region's coordinates. */
    private double xOf(int e, double t) {
        return LABEL_WIDTH + axis.x(e, t) - hBar.getValue();
    }

    /** An update's drawn time: its timestamp (else the previous one), clamped onto the axis. */
    private double drawnTime(StateUpdate u, double prev) {
        double t = u.timestamp() != null ? u.timestamp() : prev;
        return clamp(t, index.minTime(), index.maxTime() + 1);
    }

    private boolean offAxis(StateUpdate u) {
        return u.timestamp() != null && index.offAxis(u.timestamp());
    }

    private void updateScrollBars() {
        axis = new EpochAxis(index, pxPerSecond());
        double viewRows = Math.max(0, canvas.getHeight() - HEADER_HEIGHT);
        double content = lanes.size() * ROW_HEIGHT;
        vBar.setMax(Math.max(0, content - viewRows));
        vBar.setVisibleAmount(viewRows);
        vBar.setUnitIncrement(ROW_HEIGHT);
        vBar.setBlockIncrement(Math.max(ROW_HEIGHT, viewRows - ROW_HEIGHT));
        vBar.setValue(clamp(vBar.getValue(), 0, vBar.getMax()));
        double total = axis.totalWidth();
        hBar.setMax(Math.max(0, total - plotWidth()));
        hBar.setVisibleAmount(plotWidth());
        hBar.setUnitIncrement(20);
        hBar.setBlockIncrement(plotWidth() * 0.8);
        hBar.setValue(clamp(hBar.getValue(), 0, hBar.getMax()));
    }

    /** Paints the visible part. Cheap: visible rows × visible epochs × states. */
    public void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        if (axis.size() != index.epochs().size()) {
            axis = new EpochAxis(index, pxPerSecond());
        }
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(palette.background());
        g.fillRect(0, 0, w, h);
        if (w <= 0 || h <= 0) {
            return;
        }
        g.setFont(font);
        g.setTextBaseline(VPos.CENTER);
        int epochs = index.epochs().size();
        int firstRow = (int) Math.floor(vBar.getValue() / ROW_HEIGHT);
        double yOffset = HEADER_HEIGHT - (vBar.getValue() - firstRow * ROW_HEIGHT);
        int rowsShown = (int) Math.ceil((h - HEADER_HEIGHT) / ROW_HEIGHT) + 1;

        g.save();
        g.beginPath();
        g.rect(LABEL_WIDTH, 0, w - LABEL_WIDTH, h);
        g.clip();
        // Epoch bands: alternating shade, with the release as a line.
        for (int e = 0; e < epochs; e++) {
            double x0 = epochX(e);
            double x1 = x0 + axis.width(e);
            if (x1 < LABEL_WIDTH || x0 > w) {
                continue;
            }
            g.setFill(e % 2 == 0 ? palette.band() : palette.background());
            g.fillRect(x0, HEADER_HEIGHT, x1 - x0, h - HEADER_HEIGHT);
            g.setStroke(StateColors.of(EpochStates.EPOCH_RELEASED));
            g.strokeLine(x0 + 0.5, 0, x0 + 0.5, h);
        }
        // Rows.
        for (int i = 0; i < rowsShown; i++) {
            int row = firstRow + i;
            if (row >= lanes.size()) {
                break;
            }
            double y = yOffset + i * ROW_HEIGHT;
            drawLane(g, lanes.get(row), y, w);
        }
        drawHeader(g, w);
        g.restore();
        drawLabels(g, firstRow, yOffset, rowsShown, h);
    }

    private void drawLane(GraphicsContext g, ProjectLane lane, double y, double w) {
        int epochs = index.epochs().size();
        for (int e = 0; e < epochs; e++) {
            Long start = index.epochStart().get(e);
            List<StateUpdate> updates = lane.updates(e);
            if (updates.isEmpty()) {
                continue;
            }
            // A late update may reach into the next epoch's column, so keep one column of slack.
            double reach = e + 1 < epochs ? epochX(e + 1) + axis.width(e + 1) : Double.MAX_VALUE;
            if (reach < LABEL_WIDTH || epochX(e) > w) {
                continue;
            }
            double prev = start != null ? start : clamp(firstTime(updates), index.minTime(), index.maxTime());
            for (StateUpdate u : updates) {
                double t = drawnTime(u, prev);
                double x0 = xOf(e, Math.min(prev, t));
                double x1 = Math.max(xOf(e, Math.max(prev, t)), x0 + MIN_BAR);
                g.setFill(StateColors.of(u));
                g.fillRect(x0, y + 3, x1 - x0, ROW_HEIGHT - 6);
                if (u.failed() || u.status() == StateUpdate.Status.UNKNOWN) {
                    // Failed and unreadable bars get a full-height outline: visible even when thin.
                    g.setStroke(u.failed() ? StateColors.FAILED : StateColors.UNREADABLE);
                    g.strokeRect(x0 - 1.5, y + 1.5, x1 - x0 + 3, ROW_HEIGHT - 3);
                }
                if (offAxis(u)) {
                    // An absurd timestamp sits clamped at the axis edge: mark it with a warning arrow.
                    drawOffAxisMark(g, u.timestamp() > index.maxTime() ? x1 : x0, y, u.timestamp() > index.maxTime());
                }
                if (u.snapshotCid() != null) {
                    g.setFill(palette.background());
                    g.fillOval(x1 - 5, y + ROW_HEIGHT / 2 - 2, 4, 4);
                }
                if (highlighted != null && highlighted.update() == u && highlighted.lane() == lane) {
                    g.setStroke(palette.text());
                    g.strokeRect(x0 - 2.5, y + 0.5, x1 - x0 + 5, ROW_HEIGHT - 1);
                }
                prev = t;
            }
        }
    }

    private void drawOffAxisMark(GraphicsContext g, double x, double y, boolean late) {
        double d = late ? 1 : -1;
        g.setFill(palette.warning());
        g.fillPolygon(new double[]{x, x + 7 * d, x}, new double[]{y + 1, y + ROW_HEIGHT / 2, y + ROW_HEIGHT - 1}, 3);
    }

    private static double firstTime(List<StateUpdate> updates) {
        for (StateUpdate u : updates) {
            if (u.timestamp() != null) {
                return u.timestamp();
            }
        }
        return 0;
    }

    private void drawHeader(GraphicsContext g, double w) {
        g.setFill(palette.background());
        g.fillRect(LABEL_WIDTH, 0, w - LABEL_WIDTH, HEADER_HEIGHT);
        g.setFill(palette.header());
        g.fillRect(LABEL_WIDTH, 0, w - LABEL_WIDTH, HEADER_HEIGHT);
        int epochs = index.epochs().size();
        for (int e = 0; e < epochs; e++) {
            double x = epochX(e);
            double next = x + axis.width(e);
            if (x > w || next < LABEL_WIDTH) {
                continue;
            }
            EpochSummary s = index.summaries().get(e);
            g.setStroke(StateColors.of(EpochStates.EPOCH_RELEASED));
            g.strokeLine(x + 0.5, 0, x + 0.5, HEADER_HEIGHT);
            double room = next - x - 4;
            if (room < 18) {
                continue;
            }
            g.setFont(bold);
            boolean suspect = index.suspect(s.epochId());
            // An epoch whose own time was absurd is placed where its number says, and flagged.
            g.setFill(suspect ? palette.warning() : palette.text());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(clip("#" + s.epochId() + (suspect ? " ⚠ time?" : ""), room), x + 3, 10);
            g.setFont(font);
            g.setFill(palette.text());
            int finalized = s.reached(EpochStates.SNAPSHOT_FINALIZE);
            String counts = "✓" + finalized + "/" + s.projects();
            g.fillText(clip(counts, room), x + 3, 22);
            int batch = s.batchBuildFailures().size();
            if (s.totalFailed() > 0 || batch > 0) {
                g.setFill(palette.danger());
                String failed = s.totalFailed() > 0 ? "✗" + s.totalFailed() + " failed" : "";
                String builds = batch > 0 ? "✗" + batch + " batch" : "";
                g.fillText(clip(failed.isEmpty() || builds.isEmpty() ? failed + builds : failed + " " + builds, room), x + 3, 33);
            }
        }
        g.setStroke(palette.border());
        g.strokeLine(LABEL_WIDTH, HEADER_HEIGHT - 0.5, w, HEADER_HEIGHT - 0.5);

    }

    private static String clip(String s, double room) {
        int max = (int) (room / 6.2);
        if (s.length() <= max) {
            return s;
        }
        return max <= 1 ? "" : s.substring(0, max - 1) + "…";
    }

    /** Project IDs differ at their end (hash, namespace): keep both ends. */
    private static String clipMiddle(String s, double room) {
        int max = (int) (room / 6.6);
        if (s.length() <= max || max < 8) {
            return clip(s, room);
        }
        int head = max / 2 - 1;
        return s.substring(0, head) + "…" + s.substring(s.length() - (max - head - 1));
    }

    private void drawLabels(GraphicsContext g, int firstRow, double yOffset, int rowsShown, double h) {
        g.setFill(palette.band());
        g.fillRect(0, 0, LABEL_WIDTH, h);
        g.setFill(palette.text());
        g.setFont(bold);
        g.setTextAlign(TextAlignment.LEFT);
        boolean outliers = index.outlierUpdates() > 0;
        g.fillText(lanes.size() + " projects", 6, outliers ? 12 : HEADER_HEIGHT / 2);
        if (outliers) {
            // Absurd timestamps are drawn clamped to the axis edge with a warning arrow; say how many.
            g.setFont(font);
            g.setFill(palette.warning());
            g.fillText("⚠ " + index.outlierUpdates() + " timestamps off the time axis", 6, 28);
            g.setFill(palette.text());
        }
        g.save();
        g.beginPath();
        g.rect(0, HEADER_HEIGHT, LABEL_WIDTH - 4, h - HEADER_HEIGHT);
        g.clip();
        g.setFont(font);
        for (int i = 0; i < rowsShown; i++) {
            int row = firstRow + i;
            if (row >= lanes.size()) {
                break;
            }
            ProjectLane lane = lanes.get(row);
            double y = yOffset + i * ROW_HEIGHT;
            g.setFill(lane.anyFailed() ? palette.danger() : palette.text());
            g.fillText((lane.anyFailed() ? "✗ " : "") + clipMiddle(lane.projectId(), LABEL_WIDTH - 36), 6, y + ROW_HEIGHT / 2);
        }
        g.restore();
        g.setStroke(palette.border());
        g.strokeLine(LABEL_WIDTH - 0.5, 0, LABEL_WIDTH - 0.5, h);
    }

    /** What is drawn at (x, y) in this region's coordinates, or null. */
    public TimelineHit hitAt(double x, double y) {
        if (x < LABEL_WIDTH || x > canvas.getWidth() || y < 0 || y > canvas.getHeight()) {
            return null;
        }
        int e = axis.epochAt(x - LABEL_WIDTH + hBar.getValue());
        if (e < 0) {
            return null;
        }
        if (y < HEADER_HEIGHT) {
            EpochSummary s = index.summaries().get(e);
            return new TimelineHit(null, s.epochId(), null, s);
        }
        int row = (int) Math.floor((y - HEADER_HEIGHT + vBar.getValue()) / ROW_HEIGHT);
        if (row < 0 || row >= lanes.size()) {
            return null;
        }
        ProjectLane lane = lanes.get(row);
        // Look in this epoch and the previous one: a late update can be drawn past the next release.
        for (int ep = e; ep >= Math.max(0, e - 1); ep--) {
            StateUpdate u = updateAt(lane, ep, x);
            if (u != null) {
                return new TimelineHit(lane, index.epochs().get(ep).epochId(), u, null);
            }
        }
        return null;
    }

    private StateUpdate updateAt(ProjectLane lane, int e, double x) {
        Long start = index.epochStart().get(e);
        List<StateUpdate> updates = lane.updates(e);
        double prev = start != null ? start : clamp(firstTime(updates), index.minTime(), index.maxTime());
        StateUpdate best = null;
        for (StateUpdate u : updates) {
            double t = drawnTime(u, prev);
            double x0 = xOf(e, Math.min(prev, t));
            double x1 = Math.max(xOf(e, Math.max(prev, t)), x0 + MIN_BAR);
            if (x >= x0 - 1 && x <= x1 + 1) {
                best = u;
                if (u.failed()) {
                    break;
                }
            }
            prev = t;
        }
        return best;
    }

    /** Where the middle of a lane's update is drawn, in this region's coordinates, or null when off-screen. */
    public javafx.geometry.Point2D locate(ProjectLane lane, StateUpdate update) {
        int row = lanes.indexOf(lane);
        if (row < 0) {
            return null;
        }
        for (int e = 0; e < index.epochs().size(); e++) {
            Long start = index.epochStart().get(e);
            List<StateUpdate> updates = lane.updates(e);
            double prev = start != null ? start : clamp(firstTime(updates), index.minTime(), index.maxTime());
            for (StateUpdate u : updates) {
                double t = drawnTime(u, prev);
                if (u == update) {
                    double x0 = xOf(e, Math.min(prev, t));
                    double x1 = Math.max(xOf(e, Math.max(prev, t)), x0 + MIN_BAR);
                    double y = HEADER_HEIGHT + row * ROW_HEIGHT - vBar.getValue() + ROW_HEIGHT / 2;
                    return new javafx.geometry.Point2D((x0 + x1) / 2, y);
                }
                prev = t;
            }
        }
        return null;
    }

    /** Scrolls so that a row is visible. */
    public void scrollToRow(int row) {
        double y = row * ROW_HEIGHT;
        double view = canvas.getHeight() - HEADER_HEIGHT;
        if (y < vBar.getValue() || y + ROW_HEIGHT > vBar.getValue() + view) {
            vBar.setValue(clamp(y - view / 2, 0, vBar.getMax()));
        }
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
