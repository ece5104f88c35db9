package dev.watchkeeper.model.epoch;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lanes hold, per project and epoch, exactly the updates of that project in that epoch (and its
 * type's PRELOAD entries), in processing order then by time: built state by state, they are sorted
 * only where that order could break, and this holds it against the plain definition on windows with
 * unknown states, duplicates, missing times, typed PRELOAD entries and updates under another state's key.
 */
class EpochIndexLanesPropertyTest {

    private static final String[] STATES = {EpochStates.PRELOAD, EpochStates.SNAPSHOT_BUILD, EpochStates.SNAPSHOT_SUBMIT_PAYLOAD_COMMIT,
            EpochStates.RELAYER_SEND, EpochStates.SNAPSHOT_FINALIZE, "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT", "ZZ_UNKNOWN"};

    @Property(tries = 300)
    void lanesHoldEachProjectsUpdatesInProcessingOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int epochCount) {
        Random r = new Random(seed);
        List<Epoch> epochs = new ArrayList<>();
        for (int e = 0; e < epochCount; e++) {
            Map<String, List<StateUpdate>> states = new HashMap<>();
            long released = 1_700_000_000L + 30L * e;
            for (String state : STATES) {
                if (r.nextInt(4) == 0) {
                    continue;
                }
                List<StateUpdate> updates = new ArrayList<>();
                for (int k = r.nextInt(12); k > 0; k--) {
                    String type = "pairContract_" + (char) ('a' + r.nextInt(2));
                    boolean typed = state.equals(EpochStates.PRELOAD) && r.nextInt(3) == 0;
                    String project = typed ? type : type + ":0x" + r.nextInt(6) + ":NS";
                    // now and then an update under another state's key, as a malformed window could hold
                    String stateId = r.nextInt(25) == 0 ? STATES[r.nextInt(STATES.length)] : state;
                    Long ts = r.nextInt(6) == 0 ? null : released + r.nextInt(20);
                    updates.add(new StateUpdate(project, stateId, r.nextBoolean() ? StateUpdate.Status.SUCCESS : StateUpdate.Status.FAILED,
                            null, ts, null, "{}", null));
                }
                states.put(state, updates);
            }
            epochs.add(new Epoch(20_000 + e, released, states));
        }
        EpochIndex index = EpochIndex.build(new EpochWindow("NS", epochs, true, null, Instant.EPOCH));

        Comparator<StateUpdate> order = Comparator.comparing(StateUpdate::stateId, StateOrder.of(epochs).comparator())
                .thenComparing(u -> u.timestamp() == null ? Long.MAX_VALUE : u.timestamp());
        Map<String, List<List<StateUpdate>>> expected = new TreeMap<>();
        for (int e = 0; e < epochs.size(); e++) {
            for (Map.Entry<String, List<StateUpdate>> s : epochs.get(e).states().entrySet()) {
                for (StateUpdate u : s.getValue()) {
                    if (!(s.getKey().equals(EpochStates.PRELOAD) && u.projectId().indexOf(':') < 0)) {
                        lists(expected, u.projectId(), epochs.size()).get(e).add(u);
                    }
                }
            }
        }
        for (Map.Entry<String, List<List<StateUpdate>>> p : expected.entrySet()) {
            for (int e = 0; e < epochs.size(); e++) {
                List<StateUpdate> preload = epochs.get(e).states().getOrDefault(EpochStates.PRELOAD, List.of());
                for (StateUpdate u : preload) {
                    if (u.projectId().equals(ProjectIds.typeOf(p.getKey()))) {
                        p.getValue().get(e).add(u);
                    }
                }
            }
        }

        assertThat(index.lanes()).extracting(ProjectLane::projectId).containsExactlyElementsOf(expected.keySet());
        for (ProjectLane lane : index.lanes()) {
            boolean failed = false;
            for (int e = 0; e < epochs.size(); e++) {
                List<StateUpdate> got = lane.updates(e);
                List<StateUpdate> want = expected.get(lane.projectId()).get(e);
                assertThat(got).as("%s in epoch %d", lane.projectId(), e).containsExactlyInAnyOrderElementsOf(want);
                for (int i = 1; i < got.size(); i++) {
                    assertThat(order.compare(got.get(i - 1), got.get(i))).as("%s in epoch %d, at %d", lane.projectId(), e, i).isLessThanOrEqualTo(0);
                }
                failed |= want.stream().anyMatch(StateUpdate::failed);
            }
            assertThat(lane.anyFailed()).as(lane.projectId()).isEqualTo(failed);
        }
    }

    private static List<List<StateUpdate>> lists(Map<String, List<List<StateUpdate>>> m, String project, int n) {
        return m.computeIfAbsent(project, k -> {
            List<List<StateUpdate>> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(new ArrayList<>());
            }
            return l;
        });
    }
}
