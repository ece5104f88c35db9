package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Lifecycle transitions, stream and executor health, and the faults that break them, as Redis and gRPC show them. */
class LifecycleAndFaultsTest extends SimulatorIT {

    @BeforeAll
    static void start() {
        startStack(SimConfig.defaults().withIndexers(60).withTimeFactor(100).withProjectsPerEpoch(50).withInitialSuspendedShare(0.2));
    }

    @Test
    void failedProvisioningEndsInRepairingAndRepairBringsItBackToRunning() {
        IndexerId id = freshRunningIndexer();
        long mark = demo.stateChanges().total();
        demo.faults().failProvisioning(id);
        awaitLifecycle(id, "Repairing");
        assertThat(writtenStates(id, mark)).containsExactly("Initializing", "Repairing");
        assertThat(detail(id).getLastError()).startsWith("Provisioning failed: ");
        assertThat(codeOf(() -> stream(id))).as("no stream while Repairing").isEqualTo(Status.Code.NOT_FOUND);

        // Repairing is a dead end: it stays there until an operator acts
        IndexerId other = freshRunningIndexer();
        demo.faults().failProvisioning(other);
        awaitLifecycle(other, "Repairing");
        OperationResponse restart = ops().restart(request(other));
        assertThat(restart.getAccepted()).isFalse();
        assertThat(restart.getLifecycleState()).isEqualTo("Repairing");

        long beforeRepair = demo.stateChanges().total();
        OperationResponse repair = ops().repair(request(id));
        assertThat(repair.getAccepted()).isTrue();
        assertThat(repair.getLifecycleState()).isEqualTo("Initializing");
        awaitLifecycle(id, "Running");
        assertThat(writtenStates(id, beforeRepair)).containsExactly("Initializing", "Running");
        await().atMost(WAIT).until(() -> stream(id).getHealth().getProcessingState() == ProcessingState.RUNNING);
        assertThat(detail(id).getLastError()).isEmpty();
        assertThat(state(other)).contains("\"Repairing\"");
    }

    /** The lifecycle states written to Redis for {@code id} since change number {@code mark}, in write order. */
    private static List<String> writtenStates(IndexerId id, long mark) {
        return demo.stateChanges().since(mark).stream().filter(c -> c.indexer().equals(id)).map(StateChange::lifecycleState).toList();
    }

    @Test
    void repairOfAnIndexerThatIsNotRepairingIsRefused() {
        IndexerId id = freshRunningIndexer();
        OperationResponse r = ops().repair(request(id));
        assertThat(r.getAccepted()).isFalse();
        assertThat(r.getMessage()).contains("not Repairing");
        assertThat(r.getLifecycleState()).isEqualTo("Running");
    }

    @Test
    void deleteGoesThroughDeletingAndDeletedThenRemovesTheKeys() {
        IndexerId id = freshRunningIndexer();
        int before = registeredUpstream();
        long mark = demo.stateChanges().total();
        OperationResponse r = delete(id, "abandoned test indexer");
        assertThat(r.getAccepted()).isTrue();
        assertThat(r.getLifecycleState()).isEqualTo("Deleting");
        assertThat(registeredUpstream()).as("gone from the upstream registry").isEqualTo(before - 1);
        assertThat(codeOf(() -> stream(id))).as("stream stopped").isEqualTo(Status.Code.NOT_FOUND);
        assertThat(delete(id, "again").getAccepted()).isFalse();

        awaitLifecycle(id, "Deleted");
        assertThat(writtenStates(id, mark)).containsExactly("Deleting", "Deleted");
        assertThat(codeOf(() -> executor(id))).as("executor stopped").isEqualTo(Status.Code.NOT_FOUND);
        await().atMost(WAIT).until(() -> redis.get(id.stateKey()) == null);
        assertThat(redis.sismember("indexer_states", id.stateKey())).isFalse();
        assertThat(redis.exists(id.blockStreamKey(), id.lastPublishedBlockKey())).isZero();
        assertThat(messageOf(() -> detail(id))).isEqualTo("Indexer not found");
    }

    @Test
    void aStalledStreamTurnsStalledAtTheNextHealthCheckAndRestartCuresIt() {
        IndexerId id = freshRunningIndexer();
        long stalledAt = Long.parseLong(redis.get(id.lastPublishedBlockKey()));
        demo.faults().stallStream(id);
        await().atMost(WAIT).until(() -> stream(id).getHealth().getProcessingState() == ProcessingState.STALLED);
        StreamInfo info = stream(id);
        assertThat(info.getHealth().getUpdatedAtTimestampSecs()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(Long.parseLong(redis.get(id.lastPublishedBlockKey()))).isLessThanOrEqualTo(stalledAt + 5);
        assertThat(demo.streamState(id)).contains("STALLED");

        assertThat(ops().restart(request(id)).getAccepted()).isTrue();
        await().atMost(WAIT).until(() -> stream(id).getHealth().getProcessingState() == ProcessingState.RUNNING);
        await().atMost(WAIT).until(() -> Long.parseLong(redis.get(id.lastPublishedBlockKey())) > stalledAt + 10);
    }

    @Test
    void theCoordinatorRestartsAStreamStalledFor600Seconds() {
        IndexerId id = freshRunningIndexer();
        demo.faults().stallStream(id);
        // 120 s to the stalled health check plus 600 s: 7.2 s at time factor 100
        await().atMost(WAIT).until(() -> demo.simulation().logs(id)
                .read(0, dev.watchkeeper.connectors.proto.indexer.LogLevel.WARN).lines().stream()
                .anyMatch(l -> l.getMessage().equals("Block stream unhealthy for 600s, restarting it")));
        // the cause persists, so the restarted stream stalls again
        await().atMost(WAIT).until(() -> stream(id).getHealth().getProcessingState() == ProcessingState.STALLED);
        demo.faults().clear(id);
    }

    @Test
    void aFailingExecutorLogsErrorsFillsTheQueueAndTheStreamWaits() {
        IndexerId id = freshRunningIndexer();
        demo.faults().executorFailing(id);
        await().atMost(WAIT).until(() -> executor(id).getHealth().getExecutionState() == ExecutionState.FAILING);
        await().atMost(WAIT).until(() -> detail(id).getLastError().startsWith("Error processing block"));
        // the queue fills up to upstream's 100 entries; the block streamer then waits
        await().atMost(WAIT).until(() -> stream(id).getHealth().getProcessingState() == ProcessingState.WAITING);
        assertThat(redis.xlen(id.blockStreamKey())).isBetween(50L, 100L);
        assertThat(detail(id).getQueueDepth()).isEqualTo(100);

        demo.faults().clear(id);
        await().atMost(WAIT).until(() -> executor(id).getHealth().getExecutionState() == ExecutionState.RUNNING);
        await().atMost(WAIT).until(() -> stream(id).getHealth().getProcessingState() == ProcessingState.RUNNING);
    }

    @Test
    void aDeadWorkerIsStalledUntilRestarted() {
        IndexerId id = freshRunningIndexer();
        demo.faults().executorStalled(id);
        await().atMost(WAIT).until(() -> executor(id).getHealth().getExecutionState() == ExecutionState.STALLED);
        assertThat(ops().restart(request(id)).getAccepted()).isTrue();
        await().atMost(WAIT).until(() -> executor(id).getHealth().getExecutionState() == ExecutionState.RUNNING);
    }

    @Test
    void blockStreamsArePublishedAsUpstreamDoes() throws Exception {
        IndexerId id = freshRunningIndexer();
        long first = Long.parseLong(redis.get(id.lastPublishedBlockKey()));
        await().atMost(WAIT).until(() -> Long.parseLong(redis.get(id.lastPublishedBlockKey())) >= first + 3);
        List<StreamMessage<String, String>> entries = redis.xrange(id.blockStreamKey(), io.lettuce.core.Range.create("-", "+"));
        assertThat(entries).isNotEmpty().hasSizeLessThanOrEqualTo(100)
                .allSatisfy(e -> assertThat(e.getBody()).containsOnlyKeys("block_height"));
        long last = Long.parseLong(entries.getLast().getBody().get("block_height"));
        assertThat(last).isLessThanOrEqualTo(Long.parseLong(redis.get(id.lastPublishedBlockKey())));

        String expectedId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((id.accountId() + "/" + id.functionName()).getBytes(StandardCharsets.UTF_8)));
        assertThat(executor(id).getExecutorId()).isEqualTo(expectedId);
        assertThat(stream(id).getAccountId()).isEqualTo(id.accountId());
    }

    @Test
    void suspendedIndexersHaveNoStreamNorExecutor() {
        IndexerId id = freshRunningIndexer();
        int streams = listedStreams();
        manager().disable(request(id));
        awaitLifecycle(id, "Suspended");
        assertThat(codeOf(() -> stream(id))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(codeOf(() -> executor(id))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(messageOf(() -> executor(id))).isEqualTo("Executor not found");
        assertThat(listedStreams()).isLessThan(streams);
        manager().enable(request(id));
        awaitLifecycle(id, "Running");
        await().atMost(WAIT).until(() -> listedExecutors() > 0 && demo.executorState(id).isPresent());
    }

    @Test
    void startAndStopOfStreamsAndExecutorsAreLeftToTheCoordinator() {
        assertThat(codeOf(() -> streamer().startStream(dev.watchkeeper.connectors.proto.blockstreamer.StartStreamRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(codeOf(() -> runner().stopExecutor(dev.watchkeeper.connectors.proto.runner.StopExecutorRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void upstreamErrorTextsOnTheExtension() {
        assertThat(messageOf(() -> ops().get(request(new IndexerId("Not An Account!", "f"))))).isEqualTo("Invalid account ID");
        assertThat(codeOf(() -> ops().get(request(new IndexerId("Not An Account!", "f"))))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(messageOf(() -> ops().repair(request(new IndexerId("nobody.near", "none"))))).isEqualTo("Indexer not found");
        assertThat(codeOf(() -> stream(new IndexerId("nobody.near", "none")))).isEqualTo(Status.Code.NOT_FOUND);
    }
}
