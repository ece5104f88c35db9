package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.testing.BlackholeProxy;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The channels' keep-alive against a partition of an idle channel: a coordinator channel with no
 * call in flight, behind a proxy that silently stops forwarding, is reported lost within the
 * keep-alive time plus its timeout (not at the next command's deadline), and connected again once
 * the path heals.
 */
class GrpcKeepAliveTest {

    /** gRPC-Java's floor for the client's keep-alive time (it raises anything shorter to this). */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
    private static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(1);

    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
    private Server server;
    private BlackholeProxy proxy;
    private ManagedChannel channel;
    private ChannelStatusWatcher watcher;

    @AfterEach
    void tearDown() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        if (channel != null) {
            Channels.close(channel);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private SourceStatus last() {
        return statuses.isEmpty() ? null : statuses.getLast();
    }

    private static ManagedChannel channelWithKeepAlive(String target, Duration time, Duration timeout) {
        String t = System.getProperty(Channels.KEEP_ALIVE_PROPERTY);
        String o = System.getProperty(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY);
        System.setProperty(Channels.KEEP_ALIVE_PROPERTY, Long.toString(time.toSeconds()));
        System.setProperty(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY, Long.toString(timeout.toSeconds()));
        try {
            return Channels.plaintext(target);
        } finally {
            restore(Channels.KEEP_ALIVE_PROPERTY, t);
            restore(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY, o);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    @Test
    void anIdleCoordinatorChannelBehindABlackholeIsReportedLostWithinTheKeepAliveTimeAndConnectedAgainWhenItHeals() throws Exception {
        // As upstream's tonic servers, this one answers pings however often they come, with or without calls;
        // gRPC-Java's default policy (5 min, none without calls) would answer GOAWAY "too_many_pings" instead.
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .addService(new TestOperationsService())
                .build().start();
        proxy = new BlackholeProxy(server.getPort());
        String target = "127.0.0.1:" + proxy.port();
        channel = channelWithKeepAlive(target, KEEP_ALIVE, KEEP_ALIVE_TIMEOUT);
        watcher = new ChannelStatusWatcher(channel, Source.COORDINATOR, target, statuses::add, Clock.systemUTC());
        watcher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> last() != null && last().state() == ConnectionState.CONNECTED);

        // no call is made from here on: only the keep-alive pings can notice the partition
        proxy.forwarding(false);
        long cut = System.nanoTime();

        await().atMost(KEEP_ALIVE.plus(KEEP_ALIVE_TIMEOUT).plusSeconds(10))
                .until(() -> last().state() == ConnectionState.RECONNECTING);
        Duration noticed = Duration.ofNanos(System.nanoTime() - cut);
        assertThat(noticed).as("within the keep-alive time and its timeout, with slack for a loaded machine")
                .isLessThan(KEEP_ALIVE.plus(KEEP_ALIVE_TIMEOUT).plusSeconds(4));
        assertThat(last().message()).contains("connection lost");

        proxy.forwarding(true);
        await().atMost(Duration.ofSeconds(45)).until(() -> last().state() == ConnectionState.CONNECTED);
    }

    @Test
    void theKeepAliveComesFromSystemPropertiesAndABadValueKeepsTheDefault() {
        String t = System.getProperty(Channels.KEEP_ALIVE_PROPERTY);
        String o = System.getProperty(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY);
        try {
            System.clearProperty(Channels.KEEP_ALIVE_PROPERTY);
            System.clearProperty(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY);
            assertThat(Channels.KeepAlive.fromProperties()).isEqualTo(new Channels.KeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(10)));
            System.setProperty(Channels.KEEP_ALIVE_PROPERTY, "15");
            System.setProperty(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY, "0.5");
            assertThat(Channels.KeepAlive.fromProperties()).isEqualTo(new Channels.KeepAlive(Duration.ofSeconds(15), Duration.ofMillis(500)));
            System.setProperty(Channels.KEEP_ALIVE_PROPERTY, "0");
            System.setProperty(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY, "ten");
            assertThat(Channels.KeepAlive.fromProperties()).isEqualTo(new Channels.KeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(10)));
        } finally {
            restore(Channels.KEEP_ALIVE_PROPERTY, t);
            restore(Channels.KEEP_ALIVE_TIMEOUT_PROPERTY, o);
        }
    }
}
