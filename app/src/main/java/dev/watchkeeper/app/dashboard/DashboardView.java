package dev.watchkeeper.app.dashboard;

import dev.watchkeeper.app.fleet.FleetFilter;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.HealthFacet;
import dev.watchkeeper.app.ui.FxThrottle;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.epoch.EpochWindow;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The dashboard strip (TilesFX): indexers per lifecycle state, block-stream and executor health
 * splits, blocks published per second, and the newest epoch's finalization. Clicking a count filters
 * the fleet to it. Refreshed once a second from the fleet (one pass over the rows), not per change.
 */
public final class DashboardView extends TileStrip {

    public static final String BLOCKS_TILE_ID = "tile-blocks";
    public static final String EPOCH_TILE_ID = "tile-epoch";
    public static final double TILE_HEIGHT = 150;
    /** A custom tile's content sits this much inside it (TilesFX: 5 % of the 150-px tile on each side, plus the border). */
    static final double CONTENT_INSETS = 16;
    static final double MIN_CHART_WIDTH = 160;
    /** Block-rate window: progress arrives in bursts (one read per poll), so the rate spans several reads. */
    static final java.time.Duration RATE_WINDOW = java.time.Duration.ofSeconds(30);

    private final FleetViewModel fleet;
    private final Map<LifecycleState, Label> lifecycleLines = new EnumMap<>(LifecycleState.class);
    private final Map<StreamHealth, Label> streamLines = new EnumMap<>(StreamHealth.class);
    private final Map<ExecutorHealth, Label> executorLines = new EnumMap<>(ExecutorHealth.class);
    private final Tile lifecycleTile;
    private final Tile streamTile;
    private final Tile executorTile;
    private final Tile blocksTile;
    private final Tile epochTile;
    private final Label epochCount = new Label("—");
    private final Label epochWhat = new Label("no epoch data");
    private final javafx.scene.control.ProgressBar epochBar = new javafx.scene.control.ProgressBar(0);
    /** (time, fleet block count) at each reading that moved it, for the last {@link #RATE_WINDOW}. */
    private final java.util.ArrayDeque<long[]> recent = new java.util.ArrayDeque<>();
    private final FxThrottle counts = new FxThrottle(java.time.Duration.ofMillis(250), this::refreshCounts);

    public DashboardView(FleetViewModel fleet, ObservableValue<Instant> now, ObservableValue<EpochWindow> epochs,
                         Consumer<FleetFilter> onFilter, Runnable onEpochs) {
        super(8, TILE_HEIGHT);
        this.fleet = fleet;
        getStyleClass().add("wk-dashboard");
        setPadding(new Insets(8, 8, 0, 8));

        GridPane lifeBox = lines(LifecycleState.values(), lifecycleLines, s -> s.label(), Styles::iconForLifecycle, Styles::forLifecycle,
                s -> onFilter.accept(new FleetFilter("", Set.of(s), Set.of())), "tile-lifecycle-");
        GridPane streamBox = lines(StreamHealth.values(), streamLines, Styles::healthText, Styles::iconForStream, Styles::forStream,
                h -> onFilter.accept(new FleetFilter("", Set.of(), Set.of(HealthFacet.stream(h)))), "tile-stream-");
        GridPane execBox = lines(ExecutorHealth.values(), executorLines, Styles::healthText, Styles::iconForExecutor, Styles::forExecutor,
                h -> onFilter.accept(new FleetFilter("", Set.of(), Set.of(HealthFacet.executor(h)))), "tile-executor-");

        lifecycleTile = custom("Lifecycle", lifeBox);
        streamTile = custom("Block stream health", streamBox);
        executorTile = custom("Executor health", execBox);
        blocksTile = TileBuilder.create().skinType(Tile.SkinType.SPARK_LINE).title("Blocks published per second")
                // the default maximum (100) would clamp a fleet's rate; the line shows the last minute as computed
                .unit("/s").decimals(1).minValue(0).maxValue(1e9).averagingPeriod(60).smoothing(false).animated(false)
                .textVisible(true).text("no block progress read yet")
                .textSize(Tile.TextSize.BIGGER).prefSize(240, TILE_HEIGHT).build();
        blocksTile.setId(BLOCKS_TILE_ID);
        epochCount.getStyleClass().add("wk-tile-figure");
        epochWhat.getStyleClass().add("wk-tile-caption");
        epochWhat.setWrapText(true);
        epochBar.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.layout.VBox epochBox = new javafx.scene.layout.VBox(2, epochCount, epochWhat, epochBar);
        epochTile = TileBuilder.create().skinType(Tile.SkinType.CUSTOM).title("Epoch finalization").graphic(epochBox)
                .textSize(Tile.TextSize.BIGGER).prefSize(220, TILE_HEIGHT).build();
        epochTile.setId(EPOCH_TILE_ID);
        epochTile.setCursor(Cursor.HAND);
        epochTile.setOnMouseClicked(e -> onEpochs.run());
        Tooltip.install(epochTile, new Tooltip("Projects with a successful SNAPSHOT_FINALIZE in the newest epoch; click for the epoch timeline"));

        getChildren().addAll(lifecycleTile, streamTile, executorTile, blocksTile, epochTile);
        // a count tile needs its two columns of names and numbers; the chart and the epoch shrink first
        Map<Node, Region> contents = Map.of(lifecycleTile, lifeBox, streamTile, streamBox, executorTile, execBox, epochTile, epochCount);
        setMinWidthOf(n -> Math.max(MIN_CHART_WIDTH, contents.containsKey(n) ? contents.get(n).prefWidth(-1) + CONTENT_INSETS : 0));
        applyTheme(false);

        now.addListener((obs, o, n) -> tick(n));
        epochs.addListener((obs, o, w) -> showEpoch(w));
        fleet.changesProperty().addListener((obs, o, n) -> counts.request());
        showEpoch(epochs.getValue());
        refreshCounts();
    }

    private Tile custom(String title, Region content) {
        return TileBuilder.create().skinType(Tile.SkinType.CUSTOM).title(title).graphic(content)
                .textSize(Tile.TextSize.BIGGER).prefSize(200, TILE_HEIGHT).build();
    }

    /**
     * Counts in two columns of name and number, so a tile stays short and nothing is cut off; each
     * name filters the fleet when clicked.
     */
    private <E extends Enum<E>> GridPane lines(E[] values, Map<E, Label> out, java.util.function.Function<E, String> name,
                                               java.util.function.Function<E, Ikon> icon, java.util.function.Function<E, String> style,
                                               Consumer<E> onClick, String idPrefix) {
        GridPane grid = new GridPane(4, 1);
        grid.setPadding(new Insets(4, 0, 0, 0));
        int rows = (values.length + 1) / 2;
        for (int i = 0; i < values.length; i++) {
            E v = values[i];
            Label l = new Label(name.apply(v), new FontIcon(icon.apply(v)));
            l.getStyleClass().addAll("wk-tile-line", style.apply(v));
            l.setMinWidth(Region.USE_PREF_SIZE);
            l.setCursor(Cursor.HAND);
            l.setOnMouseClicked(e -> onClick.accept(v));
            l.setTooltip(new Tooltip("Show only " + name.apply(v) + " in the fleet"));
            Label count = new Label("0");
            count.setId(idPrefix + v.name());
            count.getStyleClass().addAll("wk-tile-count", style.apply(v));
            count.setMinWidth(Region.USE_PREF_SIZE);
            count.setAlignment(Pos.CENTER_RIGHT);
            count.setMaxWidth(Double.MAX_VALUE);
            count.setCursor(Cursor.HAND);
            count.setOnMouseClicked(e -> onClick.accept(v));
            out.put(v, count);
            int col = (i / rows) * 2;
            grid.add(l, col, i % rows);
            grid.add(count, col + 1, i % rows);
            GridPane.setMargin(l, new Insets(0, 0, 0, col == 0 ? 0 : 8));
        }
        return grid;
    }

    /** Recounts over every row: at most four times a second, whatever the change rate. */
    private void refreshCounts() {
        FleetSummary s = FleetSummary.of(fleet.allRows());
        lifecycleLines.forEach((k, l) -> show(l, s.count(k)));
        streamLines.forEach((k, l) -> show(l, s.count(k)));
        executorLines.forEach((k, l) -> show(l, s.count(k)));
        setText(lifecycleTile, s.total() + " indexers");
    }

    private static void show(Label count, int n) {
        count.setText(Integer.toString(n));
        // Empty categories fade so the non-empty ones stand out; their count still says 0.
        double opacity = n == 0 ? 0.45 : 1;
        count.setOpacity(opacity);
        int i = ((GridPane) count.getParent()).getChildren().indexOf(count);
        ((GridPane) count.getParent()).getChildren().get(i - 1).setOpacity(opacity);
    }

    /**
     * The fleet's block rate over the last {@link #RATE_WINDOW}, from the readings that moved the
     * count: sampling every second between bursty readings drew a saw-tooth, not a rate.
     */
    private void tick(Instant now) {
        if (now == null) {
            return;
        }
        long blocks = fleet.blocksPublished();
        if (recent.isEmpty() || recent.getLast()[1] != blocks) {
            recent.addLast(new long[]{now.toEpochMilli(), blocks});
        }
        while (recent.size() > 2 && recent.getFirst()[0] < now.toEpochMilli() - RATE_WINDOW.toMillis()) {
            recent.removeFirst();
        }
        Double rate = BlockRate.perSecond(recent, now.toEpochMilli(), RATE_WINDOW.toMillis());
        if (rate != null) {
            blocksTile.setValue(rate);
            setText(blocksTile, "fleet total, " + RATE_WINDOW.toSeconds() + "-s average");
        } else if (recent.size() < 2) {
            setText(blocksTile, "no block progress read yet");
        } else {
            blocksTile.setValue(0);
            setText(blocksTile, "no block published for " + RATE_WINDOW.toSeconds() + " s or more");
        }
    }

    /**
     * A tile's text or title set to what it already shows still redraws the whole tile (TilesFX fires
     * its redraw event on every call): the clock tick did that each second on an idle console.
     */
    private static void setText(Tile tile, String text) {
        if (!text.equals(tile.getText())) {
            tile.setText(text);
        }
    }

    private static void setTitle(Tile tile, String title) {
        if (!title.equals(tile.getTitle())) {
            tile.setTitle(title);
        }
    }

    private void showEpoch(EpochWindow w) {
        EpochFinalization f = EpochFinalization.newestProcessed(w);
        if (f == null) {
            setTitle(epochTile, "Epoch finalization");
            epochCount.setText("—");
            epochWhat.setText(w == null ? "no epoch data (no namespace, or not read yet)" : "no epochs in Redis");
            epochBar.setProgress(0);
            return;
        }
        setTitle(epochTile, "Epoch " + f.epochId());
        if (f.projects() == 0) {
            epochCount.setText("released");
            epochWhat.setText("no project processed yet");
            epochBar.setProgress(0);
            return;
        }
        epochCount.setText(f.finalized() + " of " + f.projects());
        long newest = w.epochs().stream().mapToLong(dev.watchkeeper.model.epoch.Epoch::epochId).max().orElse(f.epochId());
        epochWhat.setText((f.projects() == 1 ? "project finalized" : "projects finalized")
                + (newest > f.epochId() ? " (" + newest + " released, not processed yet)" : ""));
        epochBar.setProgress(f.projects() == 0 ? 0 : f.finalized() / (double) f.projects());
    }

    /** "Epoch 131: 0 of 3 projects finalized": what the epoch tile answers, in words. */
    public String epochSummary() {
        return epochTile.getTitle() + ": " + epochCount.getText() + " " + epochWhat.getText();
    }

    /** Tiles draw their own colours; match them to the application theme. */
    public void applyTheme(boolean dark) {
        Color bg = dark ? Color.web("#161b22") : Color.web("#f6f8fa");
        Color fg = dark ? Color.web("#c9d1d9") : Color.web("#24292f");
        Color accent = dark ? Color.web("#58a6ff") : Color.web("#0969da");
        for (Tile t : new Tile[]{lifecycleTile, streamTile, executorTile, blocksTile, epochTile}) {
            t.setBackgroundColor(bg);
            t.setForegroundColor(fg);
            t.setTitleColor(fg);
            t.setTextColor(fg);
            t.setValueColor(fg);
            t.setUnitColor(fg);
            t.setBarColor(accent);
            t.setBorderColor(dark ? Color.web("#30363d") : Color.web("#d0d7de"));
            t.setBorderWidth(1);
        }
    }

    public Tile blocksTile() {
        return blocksTile;
    }

    public Tile epochTile() {
        return epochTile;
    }
}
