package dev.watchkeeper.app.dashboard;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.model.epoch.EpochWindow;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.events.TileEvt;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle console's clock tick changes nothing on the dashboard, so it redraws none of it: a tile
 * given the text it already shows still redraws itself whole (TilesFX), once a second.
 */
class DashboardIdleTickTest extends ApplicationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private final SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(T0);
    private DashboardView dashboard;

    @Override
    public void start(Stage stage) {
        dashboard = new DashboardView(new FleetViewModel(), now, new SimpleObjectProperty<EpochWindow>(), f -> { }, () -> { });
        stage.setScene(new Scene(dashboard, 1200, 300));
        stage.show();
    }

    @Test
    void ticksWithNothingNewRedrawNoTile() throws Exception {
        List<TileEvt> events = new CopyOnWriteArrayList<>();
        fx(() -> {
            now.set(T0.plusSeconds(1));
            for (javafx.scene.Node n : dashboard.getChildren()) {
                ((Tile) n).addTileObserver(TileEvt.ANY, events::add);
            }
            for (int s = 2; s <= 6; s++) {
                now.set(T0.plusSeconds(s));
            }
            return null;
        });
        assertThat(events).as("tile events over five idle ticks").isEmpty();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get();
    }
}
