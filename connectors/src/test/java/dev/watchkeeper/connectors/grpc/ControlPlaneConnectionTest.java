package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.ControlPlaneConnection;
import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileException;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.epoch.EpochWindow;
import io.grpc.InsecureServerCredentials;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The whole connection of one profile against a real Redis and real loopback gRPC servers. */
class ControlPlaneConnectionTest {

    private static final IndexerId MORGS = new IndexerId("morgs.near", "test");

    private final TestOperationsService operations = new TestOperationsService();
    private final List<StateBatch> states = new CopyOnWriteArrayList<>();
    private final List<HealthBatch> health = new CopyOnWriteArrayList<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
    /** A coordinator status and when it arrived. */
    private record Seen(java.time.Instant at, SourceStatus status) {
    }

    private final List<Seen> coordinatorSeen = new CopyOnWriteArrayList<>();
    private final List<Capabilities> capabilities = new CopyOnWriteArrayList<>();
    private final List<EpochWindow> epochs = new CopyOnWriteArrayList<>();
    private final ControlPlaneListener listener = new ControlPlaneListener() {
        @Override
        public void onStates(StateBatch batch) {
            states.add(batch);
        }

        @Override
        public void onHealth(HealthBatch batch) {
            health.add(batch);
        }

        @Override
        public void onStatus(SourceStatus status) {
            statuses.add(status);
            if (status.source() == Source.COORDINATOR) {
                coordinatorSeen.add(new Seen(java.time.Instant.now(), status));
            }
        }

        @Override
        public void onEpochs(EpochWindow window) {
            epochs.add(window);
        }

        @Override
        public void onCapabilities(Capabilities c) {
            capabilities.add(c);
        }
    };
    private Set<Thread> threadsBefore;
    private LocalRedisServer redis;
    private TestServers.Running server;
    private ControlPlaneConnection connection;

    @BeforeEach
    void setUp() {
        threadsBefore = Thread.getAllStackTraces().keySet();
        redis = LocalRedisServer.start();
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            // a fixture in the coordinator's exact format
            c.sync().set(MORGS.stateKey(), "{\"account_id\":\"morgs.near\",\"function_name\":\"test\",\"block_stream_synced_at\":123,\"enabled\":true,\"lifecycle_state\":\"Running\"}");
            c.sync().sadd("indexer_states", MORGS.stateKey());
            c.sync().set("epochID:41:epochReleased", "1692530595");
            c.sync().hset("epochID:41:stateID:SNAPSHOT_BUILD:processingStatus", "pairContract_pair_total_reserves:0xb4e1:UNISWAPV2",
                    "{\"status\": \"success\", \"error\": \"\", \"extra\": null, \"timestamp\": 1692530600}");
        } finally {
            client.shutdown();
        }
        operations.put(TestOperationsService.detail("morgs.near", "test", "Running"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
        redis.close();
    }

    private ConnectionProfile profile(String target, boolean withHealthSources, boolean readOnly) {
        Endpoint e = Endpoint.plaintext(target).withDeadline(Duration.ofSeconds(2));
        return new ConnectionProfile("test", e, withHealthSources ? e : null, withHealthSources ? e : null,
                new RedisSettings(redis.uri(), Duration.ofMillis(200), "UNISWAPV2"), Duration.ofMillis(200), readOnly, false);
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

    private boolean sawState(IndexerId id) {
        return states.stream().flatMap(b -> b.upserts().stream()).map(IndexerState::id).anyMatch(id::equals);
    }

    @Test
    void oneProfileBringsEverySourceLiveAndCloseLeavesNoThreads() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry(), operations, new TestHealthServices.Streamer(), new TestHealthServices.Runner());
        connection = ControlPlaneConnection.open(profile(server.target(), true, false), listener);

        await().until(() -> sawState(MORGS));
        await().until(() -> epochs.stream().anyMatch(w -> w.epochs().stream().anyMatch(e -> e.epochId() == 41)));
        assertThat(epochs.getLast().namespace()).isEqualTo("UNISWAPV2");
        await().until(() -> health.stream().map(HealthBatch::source).collect(Collectors.toSet()).containsAll(Set.of(Source.BLOCK_STREAMER, Source.RUNNER)));
        await().until(() -> connection.capabilities().equals(Capabilities.all()));
        assertThat(capabilities.getFirst().unsupportedReason(CommandKind.REPAIR)).contains("checking");
        for (Source s : Source.values()) {
            if (s.optional()) {
                // the metrics endpoints are scraped apart from the connection (app WorkerMetricsFeed)
                continue;
            }
            await().until(() -> last(s) != null && last(s).state() == ConnectionState.CONNECTED);
        }
        assertThat(connection.coordinator().list().join()).extracting(CoordinatorClient.Registered::id).containsExactly(MORGS);
        assertThat(connection.operations().get(MORGS).join()).isPresent();
        assertThat(connection.coordinatorStatus().lastConfirmed()).isNotNull();
        assertThat(connection.warnings()).isEmpty();
        assertThat(connection.coordinatorChannel().isShutdown()).isFalse();
        assertThat(connection.profile().name()).isEqualTo("test");

        connection.close();
        assertThat(connection.coordinatorChannel().isTerminated()).isTrue();
        server.close();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ourThreads()).isEmpty());
    }

    /**
     * Threads this connection started (pollers, Redis readers, lettuce's event loops). gRPC's own
     * executor and event loops are process-wide and shared with every other channel and server in
     * the JVM, so they are judged by the channel having terminated instead.
     */
    private List<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !threadsBefore.contains(t))
                .map(Thread::getName)
                .filter(n -> n.startsWith("watchkeeper") || n.startsWith("wk-") || n.startsWith("lettuce"))
                .toList();
    }

    @Test
    void withoutBlockStreamerAndRunnerHealthIsNotConfiguredAndNoneIsSent() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry(), operations);
        connection = ControlPlaneConnection.open(profile(server.target(), false, false), listener);
        await().until(() -> sawState(MORGS));
        assertThat(last(Source.BLOCK_STREAMER).state()).isEqualTo(ConnectionState.NOT_CONFIGURED);
        assertThat(last(Source.RUNNER).state()).isEqualTo(ConnectionState.NOT_CONFIGURED);
        assertThat(connection.blockStreamer()).isEmpty();
        assertThat(health).isEmpty();
    }

    @Test
    void anUpstreamCoordinatorTurnsExtensionCommandsOffAndTheyComeBackWhenItIsReplaced() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry());
        int port = server.server().getPort();
        connection = ControlPlaneConnection.open(profile(server.target(), false, false), listener);
        await().until(() -> connection.capabilities().unsupportedReason(CommandKind.DELETE) != null
                && connection.capabilities().unsupportedReason(CommandKind.DELETE).contains("upstream"));
        Capabilities upstream = connection.capabilities();
        assertThat(upstream.unsupportedReason(CommandKind.REPAIR))
                .isEqualTo("the coordinator at " + server.target() + " does not implement the operator extension (upstream QueryAPI): Repair/Restart/Delete unavailable");
        assertThat(upstream.unsupportedReason(CommandKind.SUSPEND)).isNull();

        // the coordinator is upgraded in place: after the reconnect the probe runs again
        server.close();
        await().until(() -> last(Source.COORDINATOR).state() != ConnectionState.CONNECTED);
        server = TestServers.start(InsecureServerCredentials.create(), port, new ChannelSecurityTest.Registry(), operations);
        await().atMost(Duration.ofSeconds(30)).until(() -> connection.capabilities().equals(Capabilities.all()));
    }

    @Test
    void aLostCoordinatorIsReconnectingWithANextTryThatBacksOffAndConnectedOnceItIsBack() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry(), operations);
        int port = server.server().getPort();
        String target = server.target();
        connection = ControlPlaneConnection.open(profile(target, false, false), listener);
        await().until(() -> last(Source.COORDINATOR) != null && last(Source.COORDINATOR).state() == ConnectionState.CONNECTED);
        assertThat(last(Source.COORDINATOR).nextRetry()).isNull();

        server.close();
        // our own schedule: every RECONNECTING report names a next try after the moment it was reported
        await().atMost(Duration.ofSeconds(20)).until(() -> plannedTries().size() >= 4);
        List<Seen> reconnecting = coordinatorSeen.stream().filter(s -> s.status().state() == ConnectionState.RECONNECTING).toList();
        assertThat(reconnecting).allSatisfy(s -> assertThat(s.status().nextRetry()).isAfter(s.at()));
        assertThat(reconnecting.getFirst().status().message()).contains(target);
        List<java.time.Instant> tries = plannedTries();
        assertThat(tries).isSorted();
        // the planned delays double (each drawn with jitter from the upper half of its ceiling):
        // the gap before the fourth try is longer than the one before the second
        assertThat(Duration.between(tries.get(2), tries.get(3))).isGreaterThan(Duration.between(tries.get(0), tries.get(1)));
        assertThat(last(Source.COORDINATOR).since()).isBefore(tries.getLast());

        server = TestServers.start(InsecureServerCredentials.create(), port, new ChannelSecurityTest.Registry(), operations);
        await().atMost(Duration.ofSeconds(20)).until(() -> last(Source.COORDINATOR).state() == ConnectionState.CONNECTED);
        assertThat(last(Source.COORDINATOR).nextRetry()).isNull();
        assertThat(connection.coordinatorStatus().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    /** The distinct next tries the coordinator reported while reconnecting, in order. */
    private List<java.time.Instant> plannedTries() {
        return coordinatorSeen.stream().map(Seen::status).filter(s -> s.state() == ConnectionState.RECONNECTING)
                .map(SourceStatus::nextRetry).filter(java.util.Objects::nonNull).distinct().toList();
    }

    @Test
    void plaintextToARemoteHostIsWarnedAbout() {
        // TEST-NET-1: never answers, and nothing needs it to
        ConnectionProfile p = new ConnectionProfile("remote", Endpoint.plaintext("192.0.2.10:9003").withDeadline(Duration.ofSeconds(1)),
                null, null, new RedisSettings(redis.uri(), Duration.ofMillis(200), null), false);
        connection = ControlPlaneConnection.open(p, listener);
        assertThat(connection.warnings()).singleElement().asString()
                .contains("coordinator", "plaintext gRPC to 192.0.2.10:9003", "turn TLS on");
    }

    @Test
    void aCoordinatorRefusingTheTokenIsDownWithTheReasonNotReconnecting() throws Exception {
        io.grpc.ServerInterceptor requireToken = new io.grpc.ServerInterceptor() {
            @Override
            public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, io.grpc.Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, A> next) {
                if (!"Bearer right-token".equals(headers.get(BearerToken.AUTHORIZATION))) {
                    call.close(io.grpc.Status.UNAUTHENTICATED.withDescription("bad token"), new io.grpc.Metadata());
                    return new io.grpc.ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
        io.grpc.Server guarded = io.grpc.Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(io.grpc.ServerInterceptors.intercept(operations, requireToken)).build().start();
        try {
            String target = "127.0.0.1:" + guarded.getPort();
            ConnectionProfile p = new ConnectionProfile("guarded", Endpoint.plaintext(target).withBearerToken("${WK_TEST_TOKEN}"), null, null,
                    new RedisSettings(redis.uri(), Duration.ofMillis(200), null), false);
            connection = ControlPlaneConnection.open(p, listener, Map.of("WK_TEST_TOKEN", "wrong-token-42")::get, Clock.systemUTC());
            await().until(() -> last(Source.COORDINATOR).state() == ConnectionState.DOWN);
            assertThat(last(Source.COORDINATOR).message()).contains("UNAUTHENTICATED").doesNotContain("wrong-token-42");
            assertThat(connection.capabilities().unsupportedReason(CommandKind.REPAIR)).contains("could not check");
            // the channel itself is fine, yet the source stays DOWN with the reason until a call succeeds
            await().during(Duration.ofMillis(500)).until(() -> last(Source.COORDINATOR).state() == ConnectionState.DOWN);
            connection.close();

            connection = ControlPlaneConnection.open(p, listener, Map.of("WK_TEST_TOKEN", "right-token")::get, Clock.systemUTC());
            await().until(() -> connection.capabilities().equals(Capabilities.all()));
            assertThat(connection.coordinatorStatus().state()).isEqualTo(ConnectionState.CONNECTED);
        } finally {
            guarded.shutdownNow();
        }
    }

    @Test
    void aReadOnlyProfileAllowsNoCommand() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry(), operations);
        connection = ControlPlaneConnection.open(profile(server.target(), false, true), listener);
        await().until(() -> capabilities.size() >= 2);
        assertThat(connection.capabilities().unsupportedReason(CommandKind.SUSPEND)).contains("read-only");
    }

    @Test
    void anUnusableProfileFailsClearlyAndLeavesNothingRunning() {
        ConnectionProfile unsetVariable = new ConnectionProfile("prod",
                Endpoint.plaintext("127.0.0.1:1").withBearerToken("${WK_TEST_UNSET_TOKEN}"), null, null,
                RedisSettings.of(redis.uri()), false);
        assertThatThrownBy(() -> ControlPlaneConnection.open(unsetVariable, listener, Map.<String, String>of()::get, Clock.systemUTC()))
                .isInstanceOf(ProfileException.class).hasMessageContaining("WK_TEST_UNSET_TOKEN");

        ConnectionProfile missingCa = new ConnectionProfile("prod", Endpoint.tls("127.0.0.1:1", "/nonexistent/ca.pem"), null, null,
                RedisSettings.of(redis.uri()), false);
        assertThatThrownBy(() -> ControlPlaneConnection.open(missingCa, listener))
                .isInstanceOf(ProfileException.class).hasMessageContaining("/nonexistent/ca.pem");

        ConnectionProfile badRedis = new ConnectionProfile("prod", Endpoint.plaintext("127.0.0.1:1"), null, null,
                RedisSettings.of("redis://user:hunter2@"), false);
        assertThatThrownBy(() -> ControlPlaneConnection.open(badRedis, listener))
                .isInstanceOf(ProfileException.class).hasMessageContaining("Redis settings unusable").hasMessageNotContaining("hunter2");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ourThreads()).isEmpty());
    }
}
