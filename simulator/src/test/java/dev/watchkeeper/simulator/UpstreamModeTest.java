package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator's upstream-exact mode behaves as near/queryapi's coordinator does, quirks included
 * (coordinator/src/lifecycle.rs, handlers/, redis.rs, indexer_state.rs).
 */
class UpstreamModeTest extends SimulatorIT {

    /** 600 upstream seconds pass in 20 real seconds. */
    private static final double TIME_FACTOR = 30;

    @BeforeAll
    static void start() {
        startStack(SimConfig.defaults().withIndexers(60).withTimeFactor(TIME_FACTOR).withProjectsPerEpoch(20)
                .withInitialSuspendedShare(0).withUpstream(true));
    }

    @Test
    void theCoordinatorHasNoOperatorExtension() {
        assertThat(codeOf(() -> ops().list(ListPageRequest.newBuilder().setPageSize(1).build())))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void aDeletedIndexerStaysDeletingInRedisForeverAndLeavesTheRegistryList() throws Exception {
        IndexerId id = freshRunningIndexer();
        int before = registeredUpstream();
        demo.faults().deleteInRegistry(id);
        awaitLifecycle(id, "Deleting");
        await().atMost(WAIT).until(() -> codeOf(() -> stream(id)) == Status.Code.NOT_FOUND);
        assertThat(registeredUpstream()).isEqualTo(before - 1);
        // many loop passes later: still Deleting, key and member kept (handle_transitions returns before set_state)
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> state(id).contains("\"lifecycle_state\":\"Deleting\""));
        assertThat(redis.sismember("indexer_states", id.stateKey())).isTrue();
        assertThat(codeOf(() -> manager().disable(request(id)))).as("Disable of a deleted indexer").isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void repairingIgnoresEnabled() {
        IndexerId id = freshRunningIndexer();
        demo.faults().failProvisioning(id);
        awaitLifecycle(id, "Repairing");
        assertThat(manager().disable(request(id)).getSuccess()).isTrue();
        await().atMost(WAIT).until(() -> state(id).contains("\"enabled\":false"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> state(id).contains("\"lifecycle_state\":\"Repairing\"") && state(id).contains("\"enabled\":false"));
    }

    @Test
    void anUnhealthyRestartBlocksTheLoopAndWritesBackTheStateItReadBefore() {
        IndexerId id = freshRunningIndexer();
        demo.faults().executorStalled(id);
        await().atMost(WAIT).until(() -> executor(id).getHealth().getExecutionState() == ExecutionState.STALLED);
        // the coordinator is now sleeping 600 upstream s (20 real s) for this indexer: a Disable is stored...
        assertThat(manager().disable(request(id)).getSuccess()).isTrue();
        await().atMost(WAIT).until(() -> state(id).contains("\"enabled\":false"));
        // ...but not acted on: no Suspending while the loop sleeps
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> state(id).contains("\"lifecycle_state\":\"Running\""));
        // after the wait the executor is restarted and the old state written back: enabled=true again
        await().atMost(Duration.ofSeconds(40)).until(() -> state(id).contains("\"enabled\":true"));
        assertThat(state(id)).contains("\"lifecycle_state\":\"Running\"");
        await().atMost(WAIT).until(() -> executor(id).getHealth().getExecutionState() != ExecutionState.STALLED);
    }

    @Test
    void blockStreamSyncedAtIsTheRegistryVersionNotProgress() {
        IndexerId id = freshRunningIndexer();
        String before = state(id);
        long published = Long.parseLong(redis.get(id.lastPublishedBlockKey()));
        await().atMost(WAIT).until(() -> Long.parseLong(redis.get(id.lastPublishedBlockKey())) > published + 5);
        assertThat(state(id)).isEqualTo(before);
        assertThat(before).contains("\"block_stream_synced_at\":" + executor(id).getVersion());
    }

    @Test
    void aCorruptValueIsLeftAloneAndADanglingMemberIsJustAMember() {
        IndexerId id = freshRunningIndexer();
        demo.faults().corruptState(id, Faults.MALFORMED_STATE);
        await().atMost(WAIT).until(() -> Faults.MALFORMED_STATE.equals(redis.get(id.stateKey())));
        await("get_state fails; nothing is written back").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> Faults.MALFORMED_STATE.equals(redis.get(id.stateKey())));

        IndexerId ghost = new IndexerId("ghost.near", "old indexer");
        demo.faults().danglingMember(ghost);
        assertThat(redis.sismember("indexer_states", ghost.stateKey())).isTrue();
        assertThat(redis.exists(ghost.stateKey())).isZero();

        demo.faults().clear(id);
        await().atMost(WAIT).until(() -> redis.get(id.stateKey()).startsWith("{\"account_id\""));
    }
}
