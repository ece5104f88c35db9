package dev.watchkeeper.app.epochs;

import dev.watchkeeper.app.ui.OnScreen;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The epoch timeline tab: filters, data freshness and snapshotter liveness, a legend (unknown
 * states labelled as such), the Gantt canvas and a details panel for what was clicked.
 */
public final class EpochTimelineView extends BorderPane {

    public static final String FILTER_ID = "epoch-filter";
    public static final String FAILED_ONLY_ID = "epoch-failed-only";
    public static final String DETAILS_ID = "epoch-details";
    public static final String CANVAS_ID = "epoch-canvas";
    public static final String FIT_ID = "epoch-fit";
    public static final String SOURCE_ID = "epoch-source";
    public static final String LEGEND_ID = "epoch-legend";
    static final DateTimeFormatter HMS = dev.watchkeeper.app.ui.Times.CLOCK;

    private final EpochTimelineViewModel vm;
    private final Clock clock;
    private final EpochTimelineCanvas canvas = new EpochTimelineCanvas();
    private final TextArea details = new TextArea();
    private final Label source = new Label();
    private final FlowPane legend = new FlowPane(10, 4);
    private final Tooltip tooltip = new Tooltip();
    private TimelineHit hovered;

    /** @param ticks the console's clock, ticking once a second (the session's {@code now()}): ages move on with it */
    public EpochTimelineView(EpochTimelineViewModel vm, Clock clock, javafx.beans.value.ObservableValue<java.time.Instant> ticks) {
        this.vm = vm;
        this.clock = clock;
        getStyleClass().add("wk-epochs");

        TextField filter = new TextField();
        filter.setId(FILTER_ID);
        filter.setPromptText("Filter projects");
        filter.setPrefColumnCount(24);
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        CheckBox failedOnly = new CheckBox("Failed only");
        failedOnly.setId(FAILED_ONLY_ID);
        failedOnly.selectedProperty().bindBidirectional(vm.failedOnlyProperty());
        failedOnly.setMinWidth(Region.USE_PREF_SIZE);
        Slider zoom = new Slider(1, EpochTimelineCanvas.MAX_ZOOM, 1);
        zoom.setPrefWidth(140);
        zoom.valueProperty().bindBidirectional(canvas.zoomProperty());
        Label zoomLabel = new Label("Time zoom");
        zoomLabel.setMinWidth(Region.USE_PREF_SIZE);
        source.setId(SOURCE_ID);
        source.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(source, Priority.ALWAYS);
        Button fit = new Button("Fit");
        fit.setId(FIT_ID);
        fit.setMinWidth(Region.USE_PREF_SIZE);
        fit.setTooltip(new Tooltip("Fit the time axis to the epochs again and follow the newest"));
        fit.setOnAction(e -> canvas.fitToWindow());
        HBox bar = new HBox(10, filter, failedOnly, zoomLabel, zoom, fit);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 4, 8));
        HBox sourceBar = new HBox(source);
        sourceBar.setPadding(new Insets(0, 8, 4, 8));
        legend.setId(LEGEND_ID);
        legend.setPadding(new Insets(0, 8, 4, 8));
        setTop(new VBox(bar, sourceBar, legend));

        canvas.setId(CANVAS_ID);
        details.setId(DETAILS_ID);
        details.setEditable(false);
        details.setWrapText(true);
        details.setPromptText("Click a bar for its details, or an epoch header for its summary.");
        details.setStyle("-fx-font-family: monospace;");
        SplitPane split = new SplitPane(canvas, details);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.74);
        setCenter(split);

        canvas.setOnMouseMoved(e -> hover(canvas.hitAt(e.getX(), e.getY())));
        canvas.setOnMouseExited(e -> hover(null));
        canvas.setOnMouseClicked(e -> select(canvas.hitAt(e.getX(), e.getY())));

        vm.visibleLanesProperty().addListener(o -> canvas.setData(vm.index(), vm.visibleLanesProperty().get()));
        vm.indexProperty().addListener((o, a, b) -> {
            rebuildLegend(b);
            refreshSource();
        });
        vm.windowProperty().addListener(o -> refreshSource());
        canvas.setData(vm.index(), vm.visibleLanesProperty().get());
        rebuildLegend(vm.index());
        refreshSource();

        // Data age and "last epoch detected" age tick with the console's clock while the view is shown
        // (a hidden tab's content is still in the scene), and are brought up to date when it is shown again.
        ticks.addListener(o -> {
            if (OnScreen.isShown(source)) {
                refreshSource();
            }
        });
        OnScreen.whenShownAgain(this, this::refreshSource);
    }

    public EpochTimelineCanvas canvas() {
        return canvas;
    }

    /** Shows a hit in the details panel (also what a click does). */
    public void select(TimelineHit hit) {
        canvas.setHighlighted(hit);
        if (hit != null) {
            details.setText(TimelineDetails.details(hit));
        }
    }

    private void hover(TimelineHit hit) {
        if (sameHit(hit, hovered)) {
            return;
        }
        hovered = hit;
        if (hit == null) {
            Tooltip.uninstall(canvas, tooltip);
        } else {
            tooltip.setText(TimelineDetails.tooltip(hit));
            Tooltip.install(canvas, tooltip);
        }
    }

    private static boolean sameHit(TimelineHit a, TimelineHit b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.update() == b.update() && a.summary() == b.summary() && a.lane() == b.lane();
    }

    private void rebuildLegend(EpochIndex index) {
        legend.getChildren().clear();
        for (String state : index.stateIds().isEmpty() ? EpochStates.ORDER : index.stateIds()) {
            legend.getChildren().add(legendItem(TimelineDetails.stateLabel(state), StateColors.of(state)));
        }
        legend.getChildren().add(legendItem("failed", StateColors.FAILED));
        legend.getChildren().add(legendItem("unreadable", StateColors.UNREADABLE));
    }

    private static Label legendItem(String text, javafx.scene.paint.Color color) {
        Label l = new Label(text, new Rectangle(10, 10, color));
        l.getStyleClass().add("wk-epoch-legend-item");
        return l;
    }

    private void refreshSource() {
        EpochWindow w = vm.windowProperty().get();
        source.getStyleClass().removeAll(Styles.HEALTH);
        if (w == null) {
            source.setText("No epoch data yet");
            source.getStyleClass().add(Styles.MUTED);
            return;
        }
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder();
        b.append(w.namespace()).append(" · ");
        if (w.active() == null) {
            b.append("snapshotter status unknown (key missing)");
        } else {
            b.append(w.active() ? "snapshotter active" : "snapshotter INACTIVE");
        }
        if (w.lastEpochDetectedAt() != null) {
            b.append(" · last epoch detected ").append(HMS.format(Instant.ofEpochSecond(w.lastEpochDetectedAt())))
                    .append(" (").append(age(now.getEpochSecond() - w.lastEpochDetectedAt())).append(" ago)");
        }
        EpochIndex idx = vm.index();
        // what the lanes show: the window the index was built from (a build follows each window,
        // and starts only when the timeline is wanted again after a while hidden)
        EpochWindow drawn = idx.window() != null ? idx.window() : w;
        b.append(" · ").append(idx.epochs().size()).append(" epochs");
        int older = vm.olderToCome(drawn);
        if (older > 0) {
            b.append(" (the newest; ").append(older).append(" older ones loading)");
        }
        b.append(" · data as of ").append(HMS.format(drawn.observedAt()));
        long dataAge = now.getEpochSecond() - drawn.observedAt().getEpochSecond();
        if (dataAge > 10) {
            b.append(" (").append(age(dataAge)).append(" old)");
        }
        source.setText(b.toString());
        source.getStyleClass().add(Boolean.FALSE.equals(w.active()) ? Styles.DANGER : dataAge > 30 ? Styles.WARNING : Styles.SUCCESS);
    }

    static String age(long seconds) {
        if (seconds < 0) {
            return "0 s";
        }
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
