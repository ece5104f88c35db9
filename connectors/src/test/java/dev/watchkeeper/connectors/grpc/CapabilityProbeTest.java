package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console's one rule for which commands a coordinator takes, and the probe against real loopback servers. */
class CapabilityProbeTest {

    private static final String AT = "coord.example:9003";

    private TestServers.Running server;
    private io.grpc.ManagedChannel channel;
    private CapabilityProbe probe;

    @AfterEach
    void tearDown() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (channel != null) {
            Channels.close(channel);
        }
        if (server != null) {
            server.close();
        }
    }

    private static CallFailure failure(Status.Code code, String description) {
        return CallFailure.from(Status.fromCode(code).withDescription(description).asRuntimeException(), "List", "coordinator " + AT,
                Duration.ofSeconds(5));
    }

    @Test
    void anAnswerMeansEveryCommand() {
        CapabilityProbe.Finding f = CapabilityProbe.classify(null, AT, false);
        assertThat(f.capabilities()).isEqualTo(Capabilities.all());
        assertThat(f.retry()).isFalse();
    }

    @Test
    void unimplementedIsAnUpstreamCoordinatorWithoutTheExtension() {
        CapabilityProbe.Finding f = CapabilityProbe.classify(failure(Status.Code.UNIMPLEMENTED, null), AT, false);
        assertThat(f.retry()).isFalse();
        assertThat(f.capabilities().unsupportedReason(CommandKind.DELETE))
                .isEqualTo("the coordinator at " + AT + " does not implement Delete (an upstream coordinator without Watchkeeper's operator extension)");
        assertThat(f.capabilities().unsupportedReason(CommandKind.REPAIR)).contains("does not implement Repair");
        assertThat(f.capabilities().unsupportedReason(CommandKind.RESTART)).contains("does not implement Restart");
        assertThat(f.capabilities().unsupportedReason(CommandKind.SUSPEND)).isNull();
        assertThat(f.capabilities().unsupportedReason(CommandKind.UNSUSPEND)).isNull();
        assertThat(f.capabilities().coordinator()).isEqualTo(dev.watchkeeper.model.CoordinatorKind.UPSTREAM);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAUTHENTICATED", "PERMISSION_DENIED"})
    void refusedCredentialsMeanTheExtensionIsThereButNoCommandGoesThrough(Status.Code code) {
        CapabilityProbe.Finding f = CapabilityProbe.classify(failure(code, "token not accepted"), AT, false);
        assertThat(f.retry()).as("the same credentials would be refused again: ask after a reconnect, not on a timer").isFalse();
        for (CommandKind k : CommandKind.values()) {
            assertThat(f.capabilities().unsupportedReason(k))
                    .contains("the coordinator at " + AT + " refuses this profile's credentials", code.name(), "token not accepted")
                    .doesNotContain("upstream");
        }
        assertThat(f.capabilities().coordinator()).isEqualTo(dev.watchkeeper.model.CoordinatorKind.EXTENSION);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"NOT_FOUND", "INTERNAL", "INVALID_ARGUMENT", "FAILED_PRECONDITION"})
    void anyOtherAnswerFromTheServiceMeansItExists(Status.Code code) {
        CapabilityProbe.Finding f = CapabilityProbe.classify(failure(code, "whatever"), AT, false);
        assertThat(f.capabilities()).isEqualTo(Capabilities.all());
        assertThat(f.retry()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "CANCELLED"})
    void noAnswerKeepsTheExtensionUnknownAndAsksAgain(Status.Code code) {
        CapabilityProbe.Finding f = CapabilityProbe.classify(failure(code, "no route"), AT, false);
        assertThat(f.retry()).isTrue();
        assertThat(f.capabilities().coordinator()).isEqualTo(dev.watchkeeper.model.CoordinatorKind.UNKNOWN);
        assertThat(f.capabilities().unsupportedReason(CommandKind.REPAIR)).startsWith("could not check whether the coordinator at " + AT)
                .endsWith("checking again");
        assertThat(f.capabilities().unsupportedReason(CommandKind.SUSPEND)).isNull();
    }

    @Test
    void aReadOnlyProfileAllowsNothingWhateverTheCoordinatorSays() {
        for (CallFailure f : new CallFailure[]{null, failure(Status.Code.UNIMPLEMENTED, null), failure(Status.Code.UNAVAILABLE, null)}) {
            Capabilities c = CapabilityProbe.classify(f, AT, true).capabilities();
            assertThat(c.unsupportedReason(CommandKind.SUSPEND)).contains("read-only");
        }
    }

    @Test
    void aCoordinatorThatComesUpLaterIsFoundByTheProbesOwnRetry() throws Exception {
        // a port that nothing listens on yet
        TestServers.Running placeholder = TestServers.start(new ChannelSecurityTest.Registry());
        int port = placeholder.server().getPort();
        placeholder.close();
        channel = Channels.plaintext("127.0.0.1:" + port);
        List<Capabilities> seen = new CopyOnWriteArrayList<>();
        SourceTracker tracker = new SourceTracker(dev.watchkeeper.model.Source.COORDINATOR, "test", s -> { }, Clock.systemUTC());
        probe = new CapabilityProbe(channel, "127.0.0.1:" + port, Duration.ofMillis(500), tracker, false, seen::add);
        assertThat(probe.probe().get(10, TimeUnit.SECONDS).unsupportedReason(CommandKind.DELETE)).contains("could not check");

        server = TestServers.start(io.grpc.InsecureServerCredentials.create(), port, new ChannelSecurityTest.Registry(), new TestOperationsService());
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.current().equals(Capabilities.all()));
        assertThat(seen.getLast()).isEqualTo(Capabilities.all());
        assertThat(tracker.current().lastConfirmed()).as("an answer confirms the coordinator").isNotNull();
    }
}
