package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.IndexerState.Readability;
import dev.watchkeeper.model.LifecycleState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Lifecycle column's order is by lifecycle, then by the text shown, whichever states meet. */
class FleetLifecycleOrderTest {

    private static final IndexerId ID = new IndexerId("a.near", "f");
    /** The order as the column reads: lifecycle, then the text an operator sees. */
    private static final Comparator<IndexerState> AS_READ =
            Comparator.comparing(IndexerState::lifecycle).thenComparing(s -> s.lifecycleText());

    private static List<IndexerState> states() {
        List<IndexerState> out = new ArrayList<>();
        List<String> raws = new ArrayList<>(Arrays.stream(LifecycleState.values()).map(LifecycleState::wire).toList());
        raws.addAll(Arrays.asList("Stopping", "Stopped", "Paused", "running", "", null));
        for (LifecycleState l : LifecycleState.values()) {
            for (String raw : raws) {
                for (Readability r : Readability.values()) {
                    for (String problem : Arrays.asList(null, "enabled is not a boolean", "not JSON: unexpected character")) {
                        if ((r == Readability.READABLE) == (problem == null)) {
                            out.add(new IndexerState(ID, l, raw, true, null, null, problem, r));
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyPairOfStatesIsOrderedAsTheColumnReads() {
        List<IndexerState> all = states();
        assertThat(all).hasSizeGreaterThan(500);
        for (IndexerState a : all) {
            for (IndexerState b : all) {
                assertThat(Integer.signum(FleetView.LIFECYCLE_ORDER.compare(a, b)))
                        .as("%s (%s) vs %s (%s)", a.lifecycleText(), a.readability(), b.lifecycleText(), b.readability())
                        .isEqualTo(Integer.signum(AS_READ.compare(a, b)));
            }
        }
    }
}
