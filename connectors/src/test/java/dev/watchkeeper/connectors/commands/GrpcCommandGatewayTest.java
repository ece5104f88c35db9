package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Against real gRPC servers on loopback. */
class GrpcCommandGatewayTest {

    private static final IndexerId ID = new IndexerId("morgs.near", "feed v2/x");

    private TestCoordinator coordinator;
    private ManagedChannel channel;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private GrpcCommandGateway gateway(boolean extension, Duration deadline) throws Exception {
        coordinator = new TestCoordinator(extension);
        channel = Channels.plaintext(coordinator.target());
        return new GrpcCommandGateway(channel, deadline, false);
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aReadOnlyGatewaySendsNothingWhoeverCallsIt() throws Exception {
        coordinator = new TestCoordinator(true);
        channel = Channels.plaintext(coordinator.target());
        GrpcCommandGateway g = new GrpcCommandGateway(channel, Duration.ofSeconds(5), true);
        assertThat(g.refusal()).contains("read-only");
        for (CommandKind kind : CommandKind.values()) {
            SendOutcome o = get(g.send(kind, ID, "reason"));
            assertThat(o.kind()).isEqualTo(SendOutcome.Kind.UNIMPLEMENTED);
            assertThat(o.message()).contains("read-only", "nothing was sent");
        }
        assertThat(coordinator.calls).isEmpty();
    }

    @Test
    void suspendAndUnsuspendAreDisableAndEnable() throws Exception {
        GrpcCommandGateway g = gateway(false, Duration.ofSeconds(5));
        assertThat(get(g.send(CommandKind.SUSPEND, ID, "")).kind()).isEqualTo(SendOutcome.Kind.ACCEPTED);
        assertThat(get(g.send(CommandKind.UNSUSPEND, ID, "")).kind()).isEqualTo(SendOutcome.Kind.ACCEPTED);
        assertThat(coordinator.calls).containsExactly("Disable morgs.near/feed v2/x", "Enable morgs.near/feed v2/x");
    }

    @Test
    void extensionCommandsGoToIndexerOperationsAndDeleteCarriesTheReason() throws Exception {
        GrpcCommandGateway g = gateway(true, Duration.ofSeconds(5));
        SendOutcome deleted = get(g.send(CommandKind.DELETE, ID, "abandoned since 2024"));
        assertThat(deleted.kind()).isEqualTo(SendOutcome.Kind.ACCEPTED);
        assertThat(deleted.message()).contains("state Deleting");
        assertThat(get(g.send(CommandKind.REPAIR, ID, "")).kind()).isEqualTo(SendOutcome.Kind.ACCEPTED);
        assertThat(get(g.send(CommandKind.RESTART, ID, "")).kind()).isEqualTo(SendOutcome.Kind.ACCEPTED);
        assertThat(coordinator.calls).containsExactly("Delete morgs.near/feed v2/x", "Repair morgs.near/feed v2/x", "Restart morgs.near/feed v2/x");
        assertThat(coordinator.deleteReasons).containsExactly("abandoned since 2024");
        assertThat(get(g.probeCapabilities())).isEqualTo(Capabilities.all());
    }

    @Test
    void refusalsAreRejectedWithTheCoordinatorsWords() throws Exception {
        GrpcCommandGateway g = gateway(true, Duration.ofSeconds(5));
        coordinator.answer = TestCoordinator.Answer.REFUSE;
        assertThat(get(g.send(CommandKind.REPAIR, ID, ""))).isEqualTo(new SendOutcome(SendOutcome.Kind.REJECTED, "indexer is not Repairing"));
        assertThat(get(g.send(CommandKind.SUSPEND, ID, "")).message()).contains("success=false");
        coordinator.answer = TestCoordinator.Answer.NOT_FOUND;
        SendOutcome missing = get(g.send(CommandKind.SUSPEND, ID, ""));
        assertThat(missing.kind()).isEqualTo(SendOutcome.Kind.REJECTED);
        assertThat(missing.message()).contains("indexer not found", "Indexer not found");
    }

    @Test
    void anUpstreamCoordinatorDoesNotImplementTheExtension() throws Exception {
        GrpcCommandGateway g = gateway(false, Duration.ofSeconds(5));
        SendOutcome delete = get(g.send(CommandKind.DELETE, ID, "x"));
        assertThat(delete.kind()).isEqualTo(SendOutcome.Kind.UNIMPLEMENTED);
        assertThat(delete.message()).contains("does not implement Delete");

        Capabilities caps = get(g.probeCapabilities());
        assertThat(caps.unsupportedReason(CommandKind.DELETE)).contains("does not implement Delete", "upstream coordinator");
        assertThat(caps.unsupportedReason(CommandKind.REPAIR)).contains("does not implement Repair");
        assertThat(caps.unsupportedReason(CommandKind.SUSPEND)).isNull();
    }

    @Test
    void aDeadlineHitAfterSendingIsUnknownAndNeverRetried() throws Exception {
        GrpcCommandGateway g = gateway(true, Duration.ofMillis(300));
        coordinator.answer = TestCoordinator.Answer.HANG;
        SendOutcome o = get(g.send(CommandKind.DELETE, ID, "r"));
        assertThat(o.kind()).isEqualTo(SendOutcome.Kind.UNKNOWN);
        assertThat(o.message()).contains("did not answer Delete within 0.3 s; outcome unknown");
        SendOutcome s = get(g.send(CommandKind.SUSPEND, ID, ""));
        assertThat(s.kind()).isEqualTo(SendOutcome.Kind.UNKNOWN);
        assertThat(coordinator.calls).containsExactly("Delete morgs.near/feed v2/x", "Disable morgs.near/feed v2/x");
    }

    @Test
    void onlyEnableAndDisableAreRetriedWhenUnavailable() throws Exception {
        GrpcCommandGateway g = gateway(true, Duration.ofSeconds(5));
        coordinator.answer = TestCoordinator.Answer.UNAVAILABLE_ONCE;
        assertThat(get(g.send(CommandKind.SUSPEND, ID, "")).kind()).isEqualTo(SendOutcome.Kind.ACCEPTED);
        assertThat(coordinator.calls).hasSize(2);

        coordinator.calls.clear();
        coordinator.answer = TestCoordinator.Answer.UNAVAILABLE;
        for (CommandKind k : new CommandKind[]{CommandKind.DELETE, CommandKind.REPAIR}) {
            SendOutcome o = get(g.send(k, ID, "r"));
            assertThat(o.kind()).isEqualTo(SendOutcome.Kind.NOT_SENT);
            assertThat(o.message()).contains("unreachable");
        }
        assertThat(coordinator.calls).containsExactly("Delete morgs.near/feed v2/x", "Repair morgs.near/feed v2/x");

        coordinator.calls.clear();
        assertThat(get(g.send(CommandKind.UNSUSPEND, ID, "")).kind()).isEqualTo(SendOutcome.Kind.NOT_SENT);
        assertThat(coordinator.calls).hasSize(GrpcCommandGateway.ENABLE_DISABLE_ATTEMPTS);
    }

    @Test
    void aStoppedCoordinatorMeansNothingWasSent() throws Exception {
        GrpcCommandGateway g = gateway(true, Duration.ofSeconds(5));
        coordinator.stop();
        SendOutcome o = get(g.send(CommandKind.DELETE, ID, "r"));
        assertThat(o.kind()).isEqualTo(SendOutcome.Kind.NOT_SENT);
        assertThat(g.probeCapabilities()).failsWithin(Duration.ofSeconds(5));
    }
}
