package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pooler failures of a window are those of the plain definition (a project's update in a state is
 * decided by the newest epoch that has one, within an epoch by its first), window after window as
 * the reader hands them: unchanged epochs as the same values, changed ones as new values.
 */
class PoolerProblemsPropertyTest {

    private static final String[] STATES = {"PRELOAD", "SNAPSHOT_BUILD", "SNAPSHOT_FINALIZE"};

    /** The definition, over every update of the window. */
    private static List<String> expected(EpochWindow window) {
        List<String> out = new ArrayList<>();
        Map<String, Set<String>> decided = new HashMap<>();
        List<Epoch> epochs = new ArrayList<>(window.epochs());
        epochs.sort((a, b) -> Long.compare(b.epochId(), a.epochId()));
        for (Epoch e : epochs) {
            for (var states : e.states().entrySet()) {
                for (StateUpdate u : states.getValue()) {
                    if (decided.computeIfAbsent(u.stateId(), k -> new HashSet<>()).add(u.projectId()) && u.failed()) {
                        out.add(Problems.poolerKey(u.projectId(), u.stateId(), e.epochId()) + " " + u.error());
                    }
                }
            }
        }
        return out;
    }

    private static Epoch epoch(long id, Random r) {
        Map<String, List<StateUpdate>> states = new LinkedHashMap<>();
        for (String state : STATES) {
            if (r.nextInt(4) == 0) {
                continue;
            }
            List<StateUpdate> updates = new ArrayList<>();
            for (int i = 0, n = r.nextInt(8); i < n; i++) {
                boolean failed = r.nextInt(3) == 0;
                updates.add(new StateUpdate("p" + r.nextInt(6), state, failed ? StateUpdate.Status.FAILED : StateUpdate.Status.SUCCESS,
                        failed ? "boom " + r.nextInt(100) : null, 1_000L + id, null, "{}", null));
            }
            states.put(state, updates);
        }
        return new Epoch(id, 1_000L + id, states);
    }

    @Property(tries = 200)
    void theFailuresOfEachWindowAreThoseOfTheDefinition(@ForAll long seed) {
        Random r = new Random(seed);
        // ids of their own per try: the epoch project sets are cached per epoch id across tries
        long base = (seed & 0xffffL) * 1_000 + 5_000_000;
        Map<Long, Epoch> epochs = new LinkedHashMap<>();
        for (long id = base; id < base + 1 + r.nextInt(6); id++) {
            epochs.put(id, epoch(id, r));
        }
        for (int step = 0; step < 12; step++) {
            EpochWindow window = new EpochWindow("NS", List.copyOf(epochs.values()), true, null, Instant.ofEpochSecond(2_000));
            List<String> found = Problems.of(window).stream().map(p -> p.key() + " " + p.error()).toList();
            assertThat(found).as("step %d", step).containsExactlyInAnyOrderElementsOf(expected(window));
            // the reader's next window: one epoch changed (a new value with the same id), or a new one
            long id = r.nextBoolean() || epochs.isEmpty() ? base + epochs.size() : epochs.keySet().stream().skip(r.nextInt(epochs.size())).findFirst().orElseThrow();
            epochs.put(id, epoch(id, r));
        }
    }
}
