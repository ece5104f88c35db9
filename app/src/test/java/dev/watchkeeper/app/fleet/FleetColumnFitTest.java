package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A lifecycle value the console does not know is shown whole: the column fits it on first show, and the tooltip has it. */
class FleetColumnFitTest extends ApplicationTest {

    private static final String RAW = "PAUSED_BY_OPERATOR_FOR_MAINTENANCE";
    private FleetView view;

    @Override
    public void start(Stage stage) {
        FleetViewModel fleet = new FleetViewModel();
        List<IndexerState> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(IndexerState.of(new IndexerId("acct" + i + ".near", "fn"), LifecycleState.RUNNING, true));
        }
        all.add(new IndexerState(new IndexerId("odd.near", "fn"), LifecycleState.UNKNOWN, RAW, true, null, null, null));
        view = new FleetView(fleet, new SimpleObjectProperty<>(Instant.now()), new SavedFilters(new MemoryPreferences()), (t, q) -> java.util.Optional.empty());
        stage.setScene(new Scene(view, 1000, 500));
        stage.show();
        // rows arrive after the window shows, as from Redis
        fleet.apply(List.of(StateBatch.full(all, Instant.now())));
    }

    @Test
    void anUnknownLifecycleIsReadableWholeInItsCellAndTooltip() throws Exception {
        String full = "Unknown (" + RAW + ")";
        await().until(() -> fx(() -> lookup(".wk-lifecycle-cell").queryAllAs(TableCell.class).stream()
                .anyMatch(c -> full.equals(c.getText()))));
        TableCell<?, ?> cell = fx(() -> lookup(".wk-lifecycle-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> full.equals(c.getText())).findFirst().orElseThrow());
        // shown, not cut ("Unknown (P…")
        await().until(() -> fx(() -> ((Text) cell.lookup(".text")).getText()).equals(full));
        assertThat(fx(() -> cell.getTooltip().getText())).contains(full);
    }
}
