package dev.watchkeeper.model.epoch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.watchkeeper.model.epoch.EpochStates.*;
import static dev.watchkeeper.model.epoch.EpochSummaryTest.failed;
import static dev.watchkeeper.model.epoch.EpochSummaryTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Unknown state IDs are placed by their timestamps; batch-build fields are not projects. */
class StateOrderTest {

    static final String PROTOCOL = "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT";

    /** An older pooler build: PROTOCOL_CONTRACT between the payload commit and the finalization. */
    static Epoch olderBuild(long id, long released) {
        return new Epoch(id, released, Map.of(
                PRELOAD, List.of(ok("pair", PRELOAD, released + 1)),
                SNAPSHOT_BUILD, List.of(ok("pair:a:NS", SNAPSHOT_BUILD, released + 2), ok("pair:b:NS", SNAPSHOT_BUILD, released + 3)),
                SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, List.of(ok("pair:a:NS", SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, released + 4)),
                PROTOCOL, List.of(ok("pair:a:NS", PROTOCOL, released + 6), ok("pair:b:NS", PROTOCOL, released + 7)),
                SNAPSHOT_FINALIZE, List.of(ok("pair:a:NS", SNAPSHOT_FINALIZE, released + 20))));
    }

    @Test
    void anUnknownStateStampedBeforeTheFinalizationIsOrderedBeforeIt() {
        Epoch e = olderBuild(5, 1000);

        assertThat(e.orderedStateIds()).containsExactly(PRELOAD, SNAPSHOT_BUILD, SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, PROTOCOL, SNAPSHOT_FINALIZE);
        assertThat(EpochSummary.of(e).reached().keySet()).containsExactly(EPOCH_RELEASED, PRELOAD, SNAPSHOT_BUILD,
                SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, PROTOCOL, SNAPSHOT_FINALIZE);
        // the slowest step follows the same order: a's protocol-contract submission → finalization (14 s)
        assertThat(EpochSummary.of(e).slowest()).isEqualTo(new StepDuration("pair:a:NS", PROTOCOL, SNAPSHOT_FINALIZE, 14));
    }

    @Test
    void theWindowOrderUsesEveryEpochAndTheLanesFollowIt() {
        EpochWindow w = new EpochWindow("NS", List.of(olderBuild(6, 1030), olderBuild(5, 1000)), true, 1030L, java.time.Instant.EPOCH);

        EpochIndex index = EpochIndex.build(w);

        assertThat(index.stateIds()).containsExactly(EPOCH_RELEASED, PRELOAD, SNAPSHOT_BUILD, SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, PROTOCOL, SNAPSHOT_FINALIZE);
        ProjectLane a = index.lanes().stream().filter(l -> l.projectId().equals("pair:a:NS")).findFirst().orElseThrow();
        assertThat(a.updates(0)).extracting(StateUpdate::stateId)
                .containsExactly(PRELOAD, SNAPSHOT_BUILD, SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, PROTOCOL, SNAPSHOT_FINALIZE);
    }

    @Test
    void unknownStatesWithoutTimestampsGoLastByNameAndLateOnesAfterTheFinalization() {
        StateUpdate noTime = new StateUpdate("pair:a:NS", "ZZZ_UNTIMED", StateUpdate.Status.UNKNOWN, null, null, null, "x", "not JSON");
        Epoch e = new Epoch(5, 1000L, Map.of(
                SNAPSHOT_BUILD, List.of(ok("pair:a:NS", SNAPSHOT_BUILD, 1002)),
                SNAPSHOT_FINALIZE, List.of(ok("pair:a:NS", SNAPSHOT_FINALIZE, 1010)),
                "AFTER_FINALIZE", List.of(ok("pair:a:NS", "AFTER_FINALIZE", 1015)),
                "BEFORE_BUILD", List.of(ok("pair:a:NS", "BEFORE_BUILD", 1001)),
                "ZZZ_UNTIMED", List.of(noTime)));

        assertThat(e.orderedStateIds()).containsExactly("BEFORE_BUILD", SNAPSHOT_BUILD, SNAPSHOT_FINALIZE, "AFTER_FINALIZE", "ZZZ_UNTIMED");
    }

    @Test
    void aFewOutlyingTimestampsDoNotMoveAState() {
        // most entries stamped between build and finalize, one far later: the median decides
        Epoch e = new Epoch(5, 1000L, Map.of(
                SNAPSHOT_BUILD, List.of(ok("p:a:NS", SNAPSHOT_BUILD, 1002), ok("p:b:NS", SNAPSHOT_BUILD, 1002), ok("p:c:NS", SNAPSHOT_BUILD, 1002)),
                "MIDDLE", List.of(ok("p:a:NS", "MIDDLE", 1004), ok("p:b:NS", "MIDDLE", 1005), ok("p:c:NS", "MIDDLE", 9999)),
                SNAPSHOT_FINALIZE, List.of(ok("p:a:NS", SNAPSHOT_FINALIZE, 1010), ok("p:b:NS", SNAPSHOT_FINALIZE, 1010))));

        assertThat(e.orderedStateIds()).containsExactly(SNAPSHOT_BUILD, "MIDDLE", SNAPSHOT_FINALIZE);
    }

    @Test
    void aFailedBatchBuildIsAnEpochFailureNotAProject() {
        // snapshot_worker.py _process_bulk_mode: the field is {task_type}:{namespace}
        StateUpdate batch = failed("aggregate_24h_top_pairs_lite:UNISWAPV2", SNAPSHOT_BUILD, 1003, "RPC error 429");
        Epoch e = new Epoch(5, 1000L, Map.of(
                PRELOAD, List.of(ok("aggregate_24h_top_pairs_lite", PRELOAD, 1001)),
                SNAPSHOT_BUILD, List.of(ok("pair:a:NS", SNAPSHOT_BUILD, 1002), batch),
                SNAPSHOT_FINALIZE, List.of(ok("pair:a:NS", SNAPSHOT_FINALIZE, 1010))));

        assertThat(e.states().get(SNAPSHOT_BUILD)).extracting(StateUpdate::projectId).containsExactly("pair:a:NS");
        assertThat(e.failedBatchBuilds()).containsExactly(batch);
        EpochSummary s = EpochSummary.of(e);
        assertThat(s.projects()).isEqualTo(1);
        assertThat(s.reached(SNAPSHOT_BUILD)).isEqualTo(1);
        assertThat(s.totalFailed()).isZero();
        assertThat(s.batchBuildFailures()).containsExactly(batch);
        EpochIndex index = EpochIndex.build(new EpochWindow("NS", List.of(e), true, 1000L, java.time.Instant.EPOCH));
        assertThat(index.lanes()).extracting(ProjectLane::projectId).containsExactly("pair:a:NS");

        // an epoch whose only build entry is the batch failure has no SNAPSHOT_BUILD projects at all
        Epoch only = new Epoch(6, 1030L, Map.of(SNAPSHOT_BUILD, List.of(batch)));
        assertThat(only.states()).isEmpty();
        assertThat(only.failedBatchBuilds()).hasSize(1);
    }

    @Test
    void batchBuildFieldsHaveTwoPartsAndPreloadFieldsAreTypes() {
        assertThat(ProjectIds.isBatchBuild(SNAPSHOT_BUILD, "aggregate_24h_top_pairs_lite:UNISWAPV2")).isTrue();
        assertThat(ProjectIds.isBatchBuild(SNAPSHOT_BUILD, "pairContract_pair_total_reserves:0xb4e1:UNISWAPV2")).isFalse();
        assertThat(ProjectIds.isBatchBuild(SNAPSHOT_BUILD, "indexer_blocks:morgs.near/feed:QUERYAPI")).isFalse();
        assertThat(ProjectIds.isBatchBuild(PRELOAD, "a:b")).isFalse();
        assertThat(ProjectIds.isBatchBuild(SNAPSHOT_BUILD, "nocolon")).isFalse();
        assertThat(ProjectIds.isBatchBuild(SNAPSHOT_BUILD, ":x")).isFalse();
        assertThat(ProjectIds.isBatchBuild(SNAPSHOT_BUILD, "x:")).isFalse();
    }
}
