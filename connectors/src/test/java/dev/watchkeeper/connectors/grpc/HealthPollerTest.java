package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import io.grpc.InsecureServerCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Block streamer and runner health, polled from real loopback servers answering in the upstream wire form. */
class HealthPollerTest {

    private final TestHealthServices.Streamer streamer = new TestHealthServices.Streamer();
    private final TestHealthServices.Runner runner = new TestHealthServices.Runner();
    private final List<HealthBatch> batches = new CopyOnWriteArrayList<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
    private final ControlPlaneListener listener = new ControlPlaneListener() {
        @Override
        public void onHealth(HealthBatch batch) {
            batches.add(batch);
        }

        @Override
        public void onStatus(SourceStatus status) {
            statuses.add(status);
        }
    };
    private TestServers.Running server;
    private HealthPoller poller;
    private BlockStreamerClient streamClient;
    private RunnerClient runnerClient;

    @AfterEach
    void tearDown() throws Exception {
        if (poller != null) {
            poller.close();
        }
        if (streamClient != null) {
            streamClient.close();
        }
        if (runnerClient != null) {
            runnerClient.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SourceStatus last(Source source) {
        SourceStatus s = null;
        for (SourceStatus x : statuses) {
            if (x.source() == source) {
                s = x;
            }
        }
        return s;
    }

    private List<HealthBatch> batches(Source source) {
        return batches.stream().filter(b -> b.source() == source).toList();
    }

    @Test
    void bothSourcesArePolledIntoFullBatchesWithUnknownNumbersAsUnknown() throws Exception {
        server = TestServers.start(streamer, runner);
        streamClient = BlockStreamerClient.open(Endpoint.plaintext(server.target()));
        runnerClient = RunnerClient.open(Endpoint.plaintext(server.target()));
        poller = new HealthPoller(streamClient, runnerClient, Duration.ofMillis(200), listener, Clock.systemUTC());
        poller.start();

        await().until(() -> batches(Source.BLOCK_STREAMER).size() >= 2 && batches(Source.RUNNER).size() >= 2);
        HealthBatch streams = batches(Source.BLOCK_STREAMER).getFirst();
        assertThat(streams.full()).isTrue();
        assertThat(streams.streams()).containsExactly(
                new StreamStatus(new IndexerId("morgs.near", "test"), "s1", 3, StreamHealth.RUNNING, 1_700_000_000L),
                new StreamStatus(new IndexerId("new.near", "x"), "s2", 0, StreamHealth.UNKNOWN, 0),
                new StreamStatus(new IndexerId("bare.near", "y"), "s3", 0, StreamHealth.UNKNOWN, 0));
        HealthBatch executors = batches(Source.RUNNER).getFirst();
        assertThat(executors.full()).isTrue();
        assertThat(executors.executors()).extracting(ExecutorStatus::health).containsExactly(ExecutorHealth.FAILING, ExecutorHealth.UNKNOWN);

        assertThat(last(Source.BLOCK_STREAMER).state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(last(Source.BLOCK_STREAMER).mode()).isEqualTo("polling every 0.2 s");
        Instant firstConfirmed = last(Source.RUNNER).lastConfirmed();
        await().until(() -> last(Source.RUNNER).lastConfirmed().isAfter(firstConfirmed));
    }

    @Test
    void aMissingEndpointIsNotConfiguredAndSendsNoHealth() throws Exception {
        server = TestServers.start(streamer);
        streamClient = BlockStreamerClient.open(Endpoint.plaintext(server.target()));
        poller = new HealthPoller(streamClient, null, Duration.ofMillis(100), listener, Clock.systemUTC());
        poller.start();
        await().until(() -> batches(Source.BLOCK_STREAMER).size() >= 3);
        assertThat(last(Source.RUNNER).state()).isEqualTo(ConnectionState.NOT_CONFIGURED);
        assertThat(batches(Source.RUNNER)).isEmpty();
    }

    @Test
    void aDownSourceIsReconnectingWithANextTryAndNeverReportedHealthyUntilItAnswers() throws Exception {
        server = TestServers.start(streamer, runner);
        int port = server.server().getPort();
        streamClient = BlockStreamerClient.open(Endpoint.plaintext(server.target()).withDeadline(Duration.ofMillis(500)));
        poller = new HealthPoller(streamClient, null, Duration.ofMillis(100), listener, Clock.systemUTC());
        poller.start();
        await().until(() -> batches(Source.BLOCK_STREAMER).size() >= 1);

        server.close();
        // A poll in flight at shutdown may end CANCELLED; the polls after it find nobody listening.
        await().until(() -> last(Source.BLOCK_STREAMER).state() == ConnectionState.RECONNECTING
                && last(Source.BLOCK_STREAMER).message().contains("unreachable"));
        SourceStatus down = last(Source.BLOCK_STREAMER);
        assertThat(down.nextRetry()).isNotNull();
        assertThat(down.message()).contains("unreachable").contains("health unknown");
        int batchesWhileDown = batches(Source.BLOCK_STREAMER).size();
        int listsBefore = streamer.lists.get();
        // several failed polls later, still no new batch
        await().until(() -> statuses.stream().filter(s -> s.source() == Source.BLOCK_STREAMER && s.state() == ConnectionState.RECONNECTING).count() >= 3);
        assertThat(batches(Source.BLOCK_STREAMER)).hasSize(batchesWhileDown);

        server = TestServers.start(InsecureServerCredentials.create(), port, streamer, runner);
        await().atMost(Duration.ofSeconds(40)).until(() -> last(Source.BLOCK_STREAMER).state() == ConnectionState.CONNECTED);
        await().until(() -> batches(Source.BLOCK_STREAMER).size() > batchesWhileDown);
        assertThat(streamer.lists.get()).isGreaterThan(listsBefore);
    }

    @Test
    void singleLookupsFindOrReportNoStreamOrExecutor() throws Exception {
        server = TestServers.start(streamer, runner);
        streamClient = BlockStreamerClient.open(Endpoint.plaintext(server.target()));
        runnerClient = RunnerClient.open(Endpoint.plaintext(server.target()));
        assertThat(streamClient.getStream(new IndexerId("morgs.near", "test")).join()).map(StreamStatus::health).contains(StreamHealth.RUNNING);
        assertThat(streamClient.getStream(new IndexerId("nobody.near", "x")).join()).isEqualTo(Optional.empty());
        assertThat(runnerClient.getExecutor(new IndexerId("morgs.near", "test")).join()).map(ExecutorStatus::executorId).contains("e1");
        assertThat(runnerClient.getExecutor(new IndexerId("nobody.near", "x")).join()).isEmpty();
    }

    @Test
    void aServerWithoutTheServiceIsDownNotHealthy() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry());
        runnerClient = RunnerClient.open(Endpoint.plaintext(server.target()));
        poller = new HealthPoller(null, runnerClient, Duration.ofMillis(100), listener, Clock.systemUTC());
        poller.start();
        await().until(() -> last(Source.RUNNER) != null && last(Source.RUNNER).state() == ConnectionState.DOWN);
        assertThat(last(Source.RUNNER).message()).contains("does not implement ListExecutors").contains("not a QueryAPI runner");
        assertThat(batches).isEmpty();
    }
}
