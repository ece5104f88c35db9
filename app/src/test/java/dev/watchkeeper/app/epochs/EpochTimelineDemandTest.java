package dev.watchkeeper.app.epochs;

import dev.watchkeeper.app.ui.TaskExecutor;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.EpochWindow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline's lanes are built while something shows them, and from the newest window when shown again. */
class EpochTimelineDemandTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static EpochWindow window(long... ids) {
        List<Epoch> epochs = java.util.Arrays.stream(ids).mapToObj(id -> new Epoch(id, 1_700_000_000L + id * 30, Map.of())).toList();
        return new EpochWindow("UNISWAPV2", epochs, true, null, T0);
    }

    @Test
    void windowsArriveWhileHiddenAndTheNewestIsBuiltWhenShown() {
        EpochTimelineViewModel vm = new EpochTimelineViewModel(TaskExecutor.synchronous());
        vm.update(window(1));
        assertThat(vm.index().epochs()).hasSize(1);

        vm.neededProperty().set(false);
        vm.update(window(1, 2));
        vm.update(window(1, 2, 3));
        assertThat(vm.windowProperty().get().epochs()).as("the window itself stays current").hasSize(3);
        assertThat(vm.index().epochs()).as("not flattened while nothing shows it").hasSize(1);

        vm.neededProperty().set(true);
        assertThat(vm.index().epochs()).as("shown again: the newest window").hasSize(3);
        EpochIndex built = vm.index();

        vm.neededProperty().set(false);
        vm.neededProperty().set(true);
        assertThat(vm.index()).as("nothing new came: not built again").isSameAs(built);
    }
}
