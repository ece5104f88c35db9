package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jumps told which indexers' beginnings changed since the jump before re-check only those rows
 * (and the ones the batches changed or added), and end exactly where re-checking every row ends.
 */
class FleetViewModelJumpsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final LifecycleState[] STATES = {LifecycleState.RUNNING, LifecycleState.SUSPENDED, LifecycleState.REPAIRING};

    private record Shown(Instant since, boolean exact) {
    }

    private static Map<IndexerId, Shown> shown(FleetViewModel vm) {
        Map<IndexerId, Shown> out = new HashMap<>();
        vm.allRows().forEach(r -> out.put(r.id(), new Shown(r.stateSince(), r.stateSinceExact())));
        return out;
    }

    @Test
    void jumpsToldWhatChangedEndWhereJumpsThatCheckEveryRowEnd() {
        Random r = new Random(5);
        List<IndexerId> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(new IndexerId("ops.near", "f" + i));
        }
        FleetViewModel told = new FleetViewModel();
        FleetViewModel checked = new FleetViewModel();
        for (FleetViewModel vm : List.of(told, checked)) {
            vm.sortedRows().setComparator(Comparator.comparing(IndexerRow::stateSince).thenComparing(IndexerRow::id));
        }
        List<IndexerState> first = ids.subList(0, 10).stream().map(id -> IndexerState.of(id, LifecycleState.RUNNING, true)).toList();
        Map<IndexerId, Instant> began = new HashMap<>();
        Instant t = T0;
        told.applyFrame(List.of(StateBatch.full(first, t)), began, t, t.minusSeconds(3600), null);
        checked.applyFrame(List.of(StateBatch.full(first, t)), began, t, t.minusSeconds(3600), null);
        for (int step = 0; step < 200; step++) {
            t = t.plusSeconds(r.nextInt(5) == 0 ? -90 : 60);
            // some lifecycles change, now and then an indexer joins; beginnings come and go from the look
            List<IndexerState> changes = new ArrayList<>();
            for (int k = r.nextInt(4); k > 0; k--) {
                changes.add(IndexerState.of(ids.get(r.nextInt(ids.size())), STATES[r.nextInt(STATES.length)], true));
            }
            Map<IndexerId, Instant> next = new HashMap<>(began);
            for (int k = r.nextInt(5); k > 0; k--) {
                IndexerId id = ids.get(r.nextInt(ids.size()));
                if (r.nextBoolean()) {
                    next.remove(id);
                } else {
                    next.put(id, t.minusSeconds(r.nextInt(3000)));
                }
            }
            List<IndexerId> differ = ids.stream().filter(id -> !Objects.equals(began.get(id), next.get(id))).toList();
            List<Object> batches = List.of(StateBatch.changes(changes, Set.of(), t));
            // a frame now and then is not a jump (playback): the next jump must check every row again
            boolean jump = r.nextInt(10) != 0;
            told.applyFrame(batches, next, jump ? t : null, t.minusSeconds(3600), differ);
            checked.applyFrame(batches, next, jump ? t : null, t.minusSeconds(3600), null);
            assertThat(shown(told)).as("step %d", step).isEqualTo(shown(checked));
            assertThat(told.sortedRows()).as("step %d", step).extracting(IndexerRow::id)
                    .containsExactlyElementsOf(checked.sortedRows().stream().map(IndexerRow::id).toList());
            began.clear();
            began.putAll(next);
        }
    }
}
