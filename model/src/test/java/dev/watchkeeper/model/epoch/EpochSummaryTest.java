package dev.watchkeeper.model.epoch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.watchkeeper.model.epoch.EpochStates.*;
import static org.assertj.core.api.Assertions.assertThat;

class EpochSummaryTest {

    static StateUpdate ok(String project, String state, long ts) {
        return new StateUpdate(project, state, StateUpdate.Status.SUCCESS, null, ts, null, "{}", null);
    }

    static StateUpdate failed(String project, String state, long ts, String error) {
        return new StateUpdate(project, state, StateUpdate.Status.FAILED, error, ts, null, "{}", null);
    }

    @Test
    void countsReachedAndFailedPerStateAndFindsTheSlowestStep() {
        Epoch epoch = new Epoch(7, 1000L, Map.of(
                PRELOAD, List.of(ok("pair", PRELOAD, 1001)),
                SNAPSHOT_BUILD, List.of(ok("pair:a:NS", SNAPSHOT_BUILD, 1003), ok("pair:b:NS", SNAPSHOT_BUILD, 1004)),
                SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, List.of(ok("pair:a:NS", SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, 1005),
                        failed("pair:b:NS", SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, 1030, "relayer timeout")),
                SNAPSHOT_FINALIZE, List.of(ok("pair:a:NS", SNAPSHOT_FINALIZE, 1010)),
                "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT", List.of(ok("pair:a:NS", "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT", 1012))));

        EpochSummary s = EpochSummary.of(epoch);

        assertThat(s.projects()).isEqualTo(2);
        assertThat(s.reached(EPOCH_RELEASED)).isEqualTo(1);
        assertThat(s.reached(PRELOAD)).isEqualTo(1);
        assertThat(s.reached(SNAPSHOT_BUILD)).isEqualTo(2);
        assertThat(s.reached(SNAPSHOT_SUBMIT_PAYLOAD_COMMIT)).isEqualTo(2);
        assertThat(s.reached(RELAYER_SEND)).isZero();
        assertThat(s.failed(SNAPSHOT_SUBMIT_PAYLOAD_COMMIT)).isEqualTo(1);
        assertThat(s.failedProjects()).isEqualTo(1);
        assertThat(s.totalFailed()).isEqualTo(1);
        // Known states in processing order; the unknown one, stamped after SNAPSHOT_FINALIZE, after it.
        assertThat(s.reached().keySet()).containsExactly(EPOCH_RELEASED, PRELOAD, SNAPSHOT_BUILD,
                SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, SNAPSHOT_FINALIZE, "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT");
        // b: released 1000 → build 1004 → commit 1030: the 26 s commit step is the slowest.
        assertThat(s.slowest()).isEqualTo(new StepDuration("pair:b:NS", SNAPSHOT_BUILD, SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, 26));
    }

    @Test
    void missingTimestampsAndReleaseAreSkippedNotFatal() {
        StateUpdate noTime = new StateUpdate("p:x:NS", SNAPSHOT_BUILD, StateUpdate.Status.UNKNOWN, null, null, null, "garbage", "not JSON");
        Epoch epoch = new Epoch(8, null, Map.of(SNAPSHOT_BUILD, List.of(noTime),
                SNAPSHOT_FINALIZE, List.of(ok("p:x:NS", SNAPSHOT_FINALIZE, 50))));

        EpochSummary s = EpochSummary.of(epoch);

        assertThat(s.reached(EPOCH_RELEASED)).isZero();
        assertThat(s.slowest()).isNull();
        assertThat(s.projects()).isEqualTo(1);
    }

    @Test
    void indexBuildsLanesOldestEpochFirstWithPreloadSharedByType() {
        Epoch e1 = new Epoch(1, 100L, Map.of(PRELOAD, List.of(failed("indexer_blocks", PRELOAD, 101, "rpc down")),
                SNAPSHOT_BUILD, List.of(ok("indexer_blocks:a.near/f:QUERYAPI", SNAPSHOT_BUILD, 105))));
        Epoch e2 = new Epoch(2, 130L, Map.of("CUSTOM_STEP", List.of(ok("pair:0xabc:UNISWAPV2", "CUSTOM_STEP", 140))));
        EpochIndex index = EpochIndex.build(new EpochWindow("NS", List.of(e2, e1), true, 130L, Instant.EPOCH));

        assertThat(index.epochs()).extracting(Epoch::epochId).containsExactly(1L, 2L);
        assertThat(index.lanes()).extracting(ProjectLane::projectId)
                .containsExactly("indexer_blocks:a.near/f:QUERYAPI", "pair:0xabc:UNISWAPV2");
        ProjectLane a = index.lanes().get(0);
        assertThat(a.updates(0)).extracting(StateUpdate::stateId).containsExactly(PRELOAD, SNAPSHOT_BUILD);
        assertThat(a.anyFailed()).isTrue();
        assertThat(a.updates(1)).isEmpty();
        assertThat(index.lanesOf(new dev.watchkeeper.model.IndexerId("a.near", "f"))).containsExactly(a);
        assertThat(index.stateIds()).containsExactly(EPOCH_RELEASED, PRELOAD, SNAPSHOT_BUILD, "CUSTOM_STEP");
        assertThat(index.minTime()).isEqualTo(100);
        assertThat(index.maxTime()).isEqualTo(140);
        assertThat(index.summaries()).hasSize(2);
    }

    @Test
    void emptyOrMissingWindowGivesAnEmptyIndex() {
        assertThat(EpochIndex.build(null).lanes()).isEmpty();
        assertThat(EpochIndex.build(new EpochWindow("NS", List.of(), null, null, Instant.EPOCH)).lanes()).isEmpty();
    }
}
