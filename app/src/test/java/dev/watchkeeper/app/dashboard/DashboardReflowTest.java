package dev.watchkeeper.app.dashboard;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.epoch.EpochWindow;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/** However narrow the window, the dashboard's tiles never overlap or leave it: they shrink, then take more rows. */
class DashboardReflowTest extends ApplicationTest {

    private DashboardView dashboard;
    private Stage stage;

    @Override
    public void start(Stage primary) {
        // its own window: resizing the shared primary stage would leave later tests' windows 480 px wide
        stage = new Stage();
        FleetViewModel fleet = new FleetViewModel();
        List<IndexerState> all = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            all.add(IndexerState.of(new IndexerId("acct" + i + ".near", "fn"), i % 7 == 0 ? LifecycleState.SUSPENDED : LifecycleState.RUNNING, true));
        }
        fleet.apply(List.of(StateBatch.full(all, Instant.now())));
        dashboard = new DashboardView(fleet, new SimpleObjectProperty<>(Instant.now()), new SimpleObjectProperty<EpochWindow>(), f -> { }, () -> { });
        BorderPane root = new BorderPane();
        root.setTop(dashboard);
        root.setCenter(new Region());
        stage.setScene(new Scene(root, 1000, 600));
        stage.show();
    }

    @AfterEach
    void closeOwnWindow() throws Exception {
        fx(() -> {
            stage.close();
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 760, 480})
    void tilesNeitherOverlapNorLeaveTheStrip(int width) throws Exception {
        fx(() -> {
            stage.setWidth(width);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<Bounds> tiles = fx(() -> dashboard.getChildren().stream().map(Node::getBoundsInParent).toList());
        double stripWidth = fx(dashboard::getWidth);
        for (int i = 0; i < tiles.size(); i++) {
            assertThat(tiles.get(i).getMaxX()).as("tile %d inside the strip", i).isLessThanOrEqualTo(stripWidth + 0.5);
            for (int j = i + 1; j < tiles.size(); j++) {
                Bounds a = tiles.get(i);
                Bounds b = tiles.get(j);
                boolean overlap = a.getMinX() < b.getMaxX() - 0.5 && b.getMinX() < a.getMaxX() - 0.5
                        && a.getMinY() < b.getMaxY() - 0.5 && b.getMinY() < a.getMaxY() - 0.5;
                assertThat(overlap).as("tiles %d and %d overlap at %d px", i, j, width).isFalse();
            }
            // and no count tile is narrower than its content
            double min = fx(() -> dashboard.minWidthOf(dashboard.getChildren().get(0)));
            assertThat(fx(() -> dashboard.getChildren().get(0).getLayoutBounds().getWidth())).isGreaterThanOrEqualTo(min - 0.5);
        }
        // the strip is as tall as its rows: the table below starts right after it
        double rows = tiles.stream().mapToDouble(Bounds::getMinY).distinct().count();
        assertThat(rows).as("all these widths are below one row's minimum (about 1,260 px)").isGreaterThan(1);
        assertThat(fx(dashboard::getHeight)).isCloseTo(rows * DashboardView.TILE_HEIGHT + (rows - 1) * 8 + 8, org.assertj.core.data.Offset.offset(1.0));
    }
}
