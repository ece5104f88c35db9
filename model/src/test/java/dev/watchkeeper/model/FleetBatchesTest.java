package dev.watchkeeper.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FleetBatchesTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final IndexerId A = new IndexerId("a.near", "f");
    private static final IndexerId B = new IndexerId("b.near", "f");

    private static ProgressBatch progress(int s, Progress... p) {
        return new ProgressBatch(List.of(p), T0.plusSeconds(s));
    }

    private static HealthBatch streams(int s, boolean full, StreamHealth h) {
        return new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(A, "s", 1, h, 100 + s)), List.of(), full, T0.plusSeconds(s));
    }

    private static StateBatch state(int s, LifecycleState l) {
        return StateBatch.changes(List.of(IndexerState.of(A, l, true)), Set.of(), T0.plusSeconds(s));
    }

    @Test
    void aPulseThatKeptUpIsLeftAsItCame() {
        List<Object> items = List.of(state(0, LifecycleState.RUNNING), progress(0, new Progress(A, 10L, 1L, null)),
                streams(0, false, StreamHealth.RUNNING));
        assertThat(FleetBatches.coalesce(items)).isSameAs(items);
    }

    @Test
    void progressCollapsesToTheNewestReadingPerIndexer() {
        List<Object> out = FleetBatches.coalesce(List.of(
                progress(0, new Progress(A, 10L, 1L, null), new Progress(B, 5L, 0L, null)),
                state(1, LifecycleState.SUSPENDED),
                progress(2, new Progress(A, 12L, 2L, null))));
        assertThat(out).hasSize(2);
        assertThat(out.getFirst()).isInstanceOf(StateBatch.class);
        ProgressBatch p = (ProgressBatch) out.getLast();
        assertThat(p.items()).containsExactly(new Progress(A, 12L, 2L, null), new Progress(B, 5L, 0L, null));
        assertThat(p.observedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void everyStateBatchIsKeptInOrderAndAFullListingSupersedesEarlierOnesOfItsSource() {
        HealthBatch runner = new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(A, "e", 1, ExecutorHealth.RUNNING)), true, T0);
        List<Object> out = FleetBatches.coalesce(List.of(
                streams(0, true, StreamHealth.RUNNING),
                state(1, LifecycleState.SUSPENDING),
                runner,
                streams(2, false, StreamHealth.STALLED),
                state(3, LifecycleState.SUSPENDED),
                streams(4, true, StreamHealth.WAITING),
                streams(5, false, StreamHealth.RUNNING)));
        assertThat(out).containsExactly(state(1, LifecycleState.SUSPENDING), runner, state(3, LifecycleState.SUSPENDED),
                streams(4, true, StreamHealth.WAITING), streams(5, false, StreamHealth.RUNNING));
    }
}
