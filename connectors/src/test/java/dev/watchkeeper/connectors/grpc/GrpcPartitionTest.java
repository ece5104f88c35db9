package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.testing.BlackholeProxy;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A network partition between the console and the block streamer and runner: the TCP links stay
 * open but no byte arrives. Calls end at their deadline, both sources read RECONNECTING within
 * about one deadline, no health is reported meanwhile (so nothing old is shown as current), and
 * when the path heals both recover with no restart.
 */
class GrpcPartitionTest {

    private static final Duration DEADLINE = Duration.ofMillis(600);
    private final TestHealthServices.Streamer streamer = new TestHealthServices.Streamer();
    private final TestHealthServices.Runner runner = new TestHealthServices.Runner();
    private final List<HealthBatch> batches = new CopyOnWriteArrayList<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
    private TestServers.Running server;
    private BlackholeProxy proxy;
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
        if (proxy != null) {
            proxy.close();
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

    @Test
    void aBlackholedPathEndsCallsAtTheirDeadlineReportsItAndHealsWithoutARestart() throws Exception {
        server = TestServers.start(streamer, runner);
        proxy = new BlackholeProxy(server.server().getPort());
        String target = "127.0.0.1:" + proxy.port();
        streamClient = BlockStreamerClient.open(Endpoint.plaintext(target).withDeadline(DEADLINE));
        runnerClient = RunnerClient.open(Endpoint.plaintext(target).withDeadline(DEADLINE));
        poller = new HealthPoller(streamClient, runnerClient, Duration.ofMillis(200), new ControlPlaneListener() {
            @Override
            public void onHealth(HealthBatch batch) {
                batches.add(batch);
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        }, Clock.systemUTC());
        poller.start();
        await().until(() -> last(Source.BLOCK_STREAMER) != null && last(Source.BLOCK_STREAMER).state() == ConnectionState.CONNECTED
                && last(Source.RUNNER) != null && last(Source.RUNNER).state() == ConnectionState.CONNECTED);

        proxy.forwarding(false);
        int batchesAtCut = batches.size();
        // a poll interval plus one deadline (0.8 s) with a generous margin for a loaded machine
        await().atMost(Duration.ofSeconds(5)).until(() -> last(Source.BLOCK_STREAMER).state() == ConnectionState.RECONNECTING
                && last(Source.RUNNER).state() == ConnectionState.RECONNECTING);
        assertThat(last(Source.BLOCK_STREAMER).message()).contains("health unknown");
        assertThat(last(Source.BLOCK_STREAMER).nextRetry()).isNotNull();
        // a batch already in flight at the cut may land; after that, none while the path is dead
        int afterNotice = batches.size();
        assertThat(afterNotice - batchesAtCut).isLessThanOrEqualTo(2);
        await().until(() -> statuses.stream().filter(s -> s.source() == Source.RUNNER
                && s.state() == ConnectionState.RECONNECTING).count() >= 3);
        assertThat(batches).hasSize(afterNotice);

        proxy.forwarding(true);
        await().atMost(Duration.ofSeconds(40)).until(() -> last(Source.BLOCK_STREAMER).state() == ConnectionState.CONNECTED
                && last(Source.RUNNER).state() == ConnectionState.CONNECTED);
        await().until(() -> batches.size() > afterNotice + 1);
    }
}
