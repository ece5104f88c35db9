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
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
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
public final class DashboardView extends HBox {

    public static final String BLOCKS_TILE_ID = "tile-blocks";
    public static final String EPOCH_TILE_ID = "tile-epoch";
    public static final double TILE_HEIGHT = 128;

    private final FleetViewModel fleet;
    private final Map<LifecycleState, Label> lifecycleLines = new EnumMap<>(LifecycleState.class);
    private final Map<StreamHealth, Label> streamLines = new EnumMap<>(StreamHealth.class);
    private final Map<ExecutorHealth, Label> executorLines = new EnumMap<>(ExecutorHealth.class);
    private final Tile lifecycleTile;
    private final Tile streamTile;
    private final Tile executorTile;
    private final Tile blocksTile;
    private final Tile epochTile;
    /** Fleet block counts of the last seconds: progress arrives in bursts, so the rate is a 10 s average. */
    private final java.util.ArrayDeque<long[]> recent = new java.util.ArrayDeque<>();
    private final FxThrottle counts = new FxThrottle(java.time.Duration.ofMillis(250), this::refreshCounts);

    public DashboardView(FleetViewModel fleet, ObservableValue<Instant> now, ObservableValue<EpochWindow> epochs,
                         Consumer<FleetFilter> onFilter, Runnable onEpochs) {
        super(8);
        this.fleet = fleet;
        getStyleClass().add("wk-dashboard");
        setPadding(new Insets(8, 8, 0, 8));
        setFillHeight(true);

        GridPane lifeBox = lines(LifecycleState.values(), lifecycleLines, s -> s.label(), Styles::iconForLifecycle, Styles::forLifecycle,
                s -> onFilter.accept(new FleetFilter("", Set.of(s), Set.of())), "tile-lifecycle-");
        GridPane streamBox = lines(StreamHealth.values(), streamLines, Styles::healthText, Styles::iconForStream, Styles::forStream,
                h -> onFilter.accept(new FleetFilter("", Set.of(), Set.of(HealthFacet.stream(h)))), "tile-stream-");
        GridPane execBox = lines(ExecutorHealth.values(), executorLines, Styles::healthText, Styles::iconForExecutor, Styles::forExecutor,
                h -> onFilter.accept(new FleetFilter("", Set.of(), Set.of(HealthFacet.executor(h)))), "tile-executor-");

        lifecycleTile = custom("Lifecycle", lifeBox);
        streamTile = custom("Block stream health", streamBox);
        executorTile = custom("Executor health", execBox);
        blocksTile = TileBuilder.create().skinType(Tile.SkinType.SPARK_LINE).title("Blocks published / s")
                .unit("/s").decimals(1).averagingPeriod(60).smoothing(true).textVisible(true).text("summed over the fleet")
                .prefSize(220, TILE_HEIGHT).build();
        blocksTile.setId(BLOCKS_TILE_ID);
        epochTile = TileBuilder.create().skinType(Tile.SkinType.PERCENTAGE).title("Epoch finalization")
                .unit("%").decimals(0).maxValue(100).text("no epoch data").prefSize(200, TILE_HEIGHT).build();
        epochTile.setId(EPOCH_TILE_ID);
        epochTile.setCursor(Cursor.HAND);
        epochTile.setOnMouseClicked(e -> onEpochs.run());
        Tooltip.install(epochTile, new Tooltip("Share of projects with SNAPSHOT_FINALIZE success in the newest epoch; click for the epoch timeline"));

        for (Tile t : new Tile[]{lifecycleTile, streamTile, executorTile}) {
            HBox.setHgrow(t, Priority.SOMETIMES);
        }
        getChildren().addAll(lifecycleTile, streamTile, executorTile, blocksTile, epochTile);
        applyTheme(false);

        now.addListener((obs, o, n) -> tick(n));
        epochs.addListener((obs, o, w) -> showEpoch(w));
        fleet.changesProperty().addListener((obs, o, n) -> counts.request());
        showEpoch(epochs.getValue());
        refreshCounts();
    }

    private Tile custom(String title, Region content) {
        Tile t = TileBuilder.create().skinType(Tile.SkinType.CUSTOM).title(title).graphic(content)
                .prefSize(200, TILE_HEIGHT).build();
        t.setMinWidth(230);
        return t;
    }

    /** Counts in two columns, so a tile stays short; each line filters the fleet when clicked. */
    private <E extends Enum<E>> GridPane lines(E[] values, Map<E, Label> out, java.util.function.Function<E, String> name,
                                               java.util.function.Function<E, Ikon> icon, java.util.function.Function<E, String> style,
                                               Consumer<E> onClick, String idPrefix) {
        GridPane grid = new GridPane(10, 1);
        grid.setPadding(new Insets(4, 0, 0, 0));
        int rows = (values.length + 1) / 2;
        for (int i = 0; i < values.length; i++) {
            E v = values[i];
            Label l = new Label(name.apply(v), new FontIcon(icon.apply(v)));
            l.setId(idPrefix + v.name());
            l.getStyleClass().addAll("wk-tile-line", style.apply(v));
            l.setMaxWidth(Double.MAX_VALUE);
            l.setCursor(Cursor.HAND);
            l.setOnMouseClicked(e -> onClick.accept(v));
            l.setTooltip(new Tooltip("Show only " + name.apply(v) + " in the fleet"));
            out.put(v, l);
            grid.add(l, i / rows, i % rows);
        }
        return grid;
    }

    /** Recounts over every row: at most four times a second, whatever the change rate. */
    private void refreshCounts() {
        FleetSummary s = FleetSummary.of(fleet.allRows());
        lifecycleLines.forEach((k, l) -> show(l, k.label(), s.count(k)));
        streamLines.forEach((k, l) -> show(l, Styles.healthText(k), s.count(k)));
        executorLines.forEach((k, l) -> show(l, Styles.healthText(k), s.count(k)));
        lifecycleTile.setText(s.total() + " indexers");
    }

    private static void show(Label l, String name, int count) {
        l.setText(String.format("%-11s %5d", name, count));
        // Empty categories fade so the non-empty ones stand out; their text still says 0.
        l.setOpacity(count == 0 ? 0.45 : 1);
    }

    private void tick(Instant now) {
        if (now == null) {
            return;
        }
        long blocks = fleet.blocksPublished();
        recent.addLast(new long[]{now.toEpochMilli(), blocks});
        while (recent.size() > 11) {
            recent.removeFirst();
        }
        if (recent.size() >= 2) {
            long[] first = recent.getFirst();
            double secs = Math.max(0.001, (now.toEpochMilli() - first[0]) / 1000.0);
            blocksTile.setValue((blocks - first[1]) / secs);
        }
    }

    private void showEpoch(EpochWindow w) {
        EpochFinalization f = EpochFinalization.of(w);
        if (f == null) {
            epochTile.setTitle("Epoch finalization");
            epochTile.setValue(0);
            epochTile.setText(w == null ? "no epoch data" : "no epochs in Redis");
            return;
        }
        epochTile.setTitle("Epoch " + f.epochId());
        epochTile.setValue(f.percent());
        epochTile.setText(f.finalized() + " of " + f.projects() + " finalized");
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
