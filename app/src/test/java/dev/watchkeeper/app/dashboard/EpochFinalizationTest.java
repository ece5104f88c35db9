package dev.watchkeeper.app.dashboard;

import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EpochFinalizationTest {

    private static StateUpdate u(String project, String state, StateUpdate.Status st) {
        return new StateUpdate(project, state, st, null, 1L, null, "{}", null);
    }

    @Test
    void shareOfProjectsFinalizedInTheNewestEpoch() {
        Epoch older = new Epoch(9, 1L, Map.of("SNAPSHOT_FINALIZE", List.of(u("p1", "SNAPSHOT_FINALIZE", StateUpdate.Status.SUCCESS))));
        Epoch newest = new Epoch(10, 2L, Map.of(
                "PRELOAD", List.of(u("pairContract_pair_total_reserves", "PRELOAD", StateUpdate.Status.SUCCESS)),
                "SNAPSHOT_BUILD", List.of(u("p1", "SNAPSHOT_BUILD", StateUpdate.Status.SUCCESS), u("p2", "SNAPSHOT_BUILD", StateUpdate.Status.SUCCESS),
                        u("p3", "SNAPSHOT_BUILD", StateUpdate.Status.FAILED), u("p4", "SNAPSHOT_BUILD", StateUpdate.Status.SUCCESS)),
                "SNAPSHOT_FINALIZE", List.of(u("p1", "SNAPSHOT_FINALIZE", StateUpdate.Status.SUCCESS), u("p2", "SNAPSHOT_FINALIZE", StateUpdate.Status.FAILED))));
        EpochFinalization f = EpochFinalization.of(new EpochWindow("UNISWAPV2", List.of(older, newest), true, 2L, Instant.EPOCH));
        assertThat(f.epochId()).isEqualTo(10);
        assertThat(f.finalized()).isEqualTo(1);
        assertThat(f.projects()).isEqualTo(4);
        assertThat(f.percent()).isEqualTo(25.0);
    }

    @Test
    void aFailedBatchBuildIsNotAProjectOfTheEpoch() {
        // snapshot_worker.py _process_bulk_mode writes {task_type}:{namespace} when a whole type fails
        Epoch newest = new Epoch(10, 2L, Map.of(
                "SNAPSHOT_BUILD", List.of(u("pair:0x1:UNISWAPV2", "SNAPSHOT_BUILD", StateUpdate.Status.SUCCESS),
                        u("aggregate_24h_top_pairs_lite:UNISWAPV2", "SNAPSHOT_BUILD", StateUpdate.Status.FAILED)),
                "SNAPSHOT_FINALIZE", List.of(u("pair:0x1:UNISWAPV2", "SNAPSHOT_FINALIZE", StateUpdate.Status.SUCCESS))));
        EpochFinalization f = EpochFinalization.of(new EpochWindow("UNISWAPV2", List.of(newest), true, 2L, Instant.EPOCH));
        assertThat(f.projects()).isEqualTo(1);
        assertThat(f.percent()).isEqualTo(100.0);
    }

    @Test
    void noEpochsNoProgress() {
        assertThat(EpochFinalization.of((EpochWindow) null)).isNull();
        assertThat(EpochFinalization.of(new EpochWindow("x", List.of(), null, null, Instant.EPOCH))).isNull();
        assertThat(new EpochFinalization(1, 0, 0).percent()).isZero();
    }

    @Test
    void aJustReleasedEpochDefersToTheNewestProcessedOne() {
        Epoch processed = new Epoch(10, 1L, Map.of("SNAPSHOT_FINALIZE", List.of(u("p1", "SNAPSHOT_FINALIZE", StateUpdate.Status.SUCCESS),
                u("p2", "SNAPSHOT_FINALIZE", StateUpdate.Status.SUCCESS))));
        Epoch released = new Epoch(11, 2L, Map.of("PRELOAD", List.of(u("pairContract_pair_total_reserves", "PRELOAD", StateUpdate.Status.SUCCESS))));
        EpochWindow w = new EpochWindow("UNISWAPV2", List.of(released, processed), true, 2L, Instant.EPOCH);
        assertThat(EpochFinalization.of(w).projects()).as("the newest has no project yet").isZero();
        EpochFinalization f = EpochFinalization.newestProcessed(w);
        assertThat(f.epochId()).isEqualTo(10);
        assertThat(f.finalized()).isEqualTo(2);
        EpochWindow onlyReleased = new EpochWindow("UNISWAPV2", List.of(released), true, 2L, Instant.EPOCH);
        assertThat(EpochFinalization.newestProcessed(onlyReleased).epochId()).isEqualTo(11);
    }
}
