package dev.watchkeeper.app.ui;

import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/** An age follows the shared clock, and an idle old age is not re-set (so not repainted) on every tick. */
class AgeCellTest extends ApplicationTest {

    private final SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(Instant.parse("2026-11-30T12:00:00Z"));
    private AgeCell<String> cell;

    @Override
    public void start(Stage stage) {
        cell = new AgeCell<>(now);
        stage.setScene(new Scene(new StackPane(cell), 200, 50));
        stage.show();
    }

    private void tick(long seconds) throws Exception {
        fx(() -> {
            now.set(now.get().plusSeconds(seconds));
            return null;
        });
    }

    @Test
    void ticksWithTheClockAndSetsAnUnchangedTextOnlyOnce() throws Exception {
        fx(() -> {
            cell.updateItem(now.get().minusSeconds(12), false);
            return null;
        });
        assertThat(fx(cell::getText)).isEqualTo("12 s ago");
        assertThat(fx(() -> cell.getTooltip().getText())).startsWith("Since 2026-11-30 ");
        tick(1);
        assertThat(fx(cell::getText)).isEqualTo("13 s ago");

        tick(5 * 60);
        AtomicInteger changes = new AtomicInteger();
        fx(() -> {
            cell.textProperty().addListener(o -> changes.incrementAndGet());
            return null;
        });
        for (int i = 0; i < 10; i++) {
            tick(1);
        }
        assertThat(fx(cell::getText)).isEqualTo("5 min ago");
        assertThat(changes).as("ten ticks of an unchanged '5 min ago'").hasValue(0);
    }
}
