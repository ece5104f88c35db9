package dev.watchkeeper.app.incidents;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEvent;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.model.incident.InMemoryIncidentHistory;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pooler failures reach the console's incidents from the epoch windows, read off the FX thread. */
class IncidentsViewModelTest extends ApplicationTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private final SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(T0);
    private final SimpleObjectProperty<EpochWindow> epochs = new SimpleObjectProperty<>();
    private final List<IncidentEvent> events = new CopyOnWriteArrayList<>();
    private IncidentsViewModel model;

    @Override
    public void start(Stage stage) {
        model = new IncidentsViewModel(new FleetViewModel(), now, IncidentSettings.defaults(), new InMemoryIncidentHistory())
                .watchEpochs(epochs);
        model.addListener(events::add);
    }

    private static Epoch epoch(long id, long at, int failing) {
        List<StateUpdate> build = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean failed = i < failing;
            build.add(new StateUpdate("p" + i + ":0x" + Integer.toHexString(1000 + i) + ":UNISWAPV2", "SNAPSHOT_BUILD",
                    failed ? StateUpdate.Status.FAILED : StateUpdate.Status.SUCCESS,
                    failed ? "{\"request\": {\"contract_address\": \"0x" + Integer.toHexString(4096 + i) + "\"}, \"extra_info\": \"RPC_GET_EVENT_LOGS_ERROR: Read timed out\"}" : null,
                    at + i % 5, null, "{}", null));
        }
        return new Epoch(id, at, Map.of("SNAPSHOT_BUILD", build));
    }

    @Test
    void anEpochWhoseBuildFailsForManyProjectsIsOneIncidentThatResolvesWithTheNextEpoch() throws Exception {
        long t = T0.getEpochSecond();
        interact(() -> epochs.set(new EpochWindow("UNISWAPV2", List.of(epoch(41, t, 200), epoch(40, t - 30, 0)), true, t, T0)));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> model.open().size()) == 1);
        Incident open = fx(() -> model.open().getFirst());
        assertThat(open.size()).isEqualTo(200);
        assertThat(open.title()).isEqualTo("200 projects failed SNAPSHOT_BUILD in epoch 41 with \"RPC_GET_EVENT_LOGS_ERROR: Read timed out\""
                + " — likely the chain RPC provider timing out");

        interact(() -> {
            now.set(T0.plusSeconds(35));
            epochs.set(new EpochWindow("UNISWAPV2", List.of(epoch(42, t + 30, 0), epoch(41, t, 200), epoch(40, t - 30, 0)), true, t + 30,
                    T0.plusSeconds(35)));
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> model.open().isEmpty()));
        assertThat(events).extracting(IncidentEvent::type).containsExactly(IncidentEvent.Type.OPENED, IncidentEvent.Type.RESOLVED);
        Incident resolved = fx(() -> model.all().getFirst());
        assertThat(resolved.timeToRecovery()).isEqualTo(Duration.ofSeconds(35));
    }
}
