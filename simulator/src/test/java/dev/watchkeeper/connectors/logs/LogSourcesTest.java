package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.simulator.ControlPlane;
import dev.watchkeeper.simulator.SimConfig;
import dev.watchkeeper.simulator.SysLogsDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The log pane's source choice against real coordinators (upstream-exact and with the extension) and a real PostgreSQL. */
class LogSourcesTest {

    static EmbeddedPostgres pg;
    static LocalRedisServer redis;
    static PgLogServer server;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        redis = LocalRedisServer.start();
        server = PgLogServer.parse("postgresql://postgres@127.0.0.1:" + pg.getPort(), null, null);
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        pg.close();
    }

    static final class Recorder implements IndexerLogSource.Listener {
        final List<LogEntry> lines = new CopyOnWriteArrayList<>();
        final List<LogTailStatus> statuses = new CopyOnWriteArrayList<>();
        final List<IndexerMetadata> metadata = new CopyOnWriteArrayList<>();

        @Override
        public void onLine(LogEntry line) {
            lines.add(line);
        }

        @Override
        public void onStatus(LogTailStatus status) {
            statuses.add(status);
        }

        @Override
        public void onMetadata(IndexerMetadata m) {
            metadata.add(m);
        }

        LogTailStatus last() {
            return statuses.isEmpty() ? null : statuses.getLast();
        }
    }

    private static ControlPlane plane(boolean upstream) {
        return ControlPlane.start(redis.uri(), 0, SimConfig.defaults().withIndexers(10).withTimeFactor(20).withUpstream(upstream));
    }

    @Test
    void anUpstreamCoordinatorsIndexerIsTailedFromPostgresWithItsMetadata() throws Exception {
        try (ControlPlane plane = plane(true)) {
            plane.writeLogsTo(new SysLogsDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", null), 2);
            IndexerId id = plane.indexers(LifecycleState.RUNNING).getFirst();
            // the simulated runner provisions the schema first (a missing schema is reported, not waited for)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (PgLogSource s = PgLogSource.open(server, id, Duration.ofSeconds(5))) {
                    return true;
                }
            });
            ManagedChannel channel = ManagedChannelBuilder.forTarget(plane.coordinatorTarget()).usePlaintext().build();
            Recorder r = new Recorder();
            try (AutoCloseable follow = new LogSources(channel, server, Duration.ofMillis(200), Duration.ofSeconds(5), Clock.systemUTC())
                    .follow(id, 100, r)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(r.last()).isNotNull();
                    assertThat(r.last().state()).isEqualTo(LogTailStatus.State.STREAMING);
                    assertThat(r.last().message()).contains("sys_logs of schema " + IndexerDbNames.schema(id));
                    assertThat(r.lines).isNotEmpty();
                    assertThat(r.metadata).anySatisfy(m -> assertThat(m.status()).isNotNull());
                });
                int seen = r.lines.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> r.lines.size() > seen);
            } finally {
                channel.shutdownNow();
            }
            assertThat(r.statuses).noneMatch(s -> s.state() == LogTailStatus.State.UNSUPPORTED);
        }
    }

    @Test
    void withoutALogsDatabaseTheMessageNamesTheSettingThatWouldEnableLogs() throws Exception {
        try (ControlPlane plane = plane(true)) {
            IndexerId id = plane.indexers(LifecycleState.RUNNING).getFirst();
            ManagedChannel channel = ManagedChannelBuilder.forTarget(plane.coordinatorTarget()).usePlaintext().build();
            Recorder r = new Recorder();
            try (AutoCloseable follow = new LogSources(channel, null, Duration.ofMillis(200), Duration.ofSeconds(5), Clock.systemUTC())
                    .follow(id, 100, r)) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(r.last()).isNotNull();
                    assertThat(r.last().state()).isEqualTo(LogTailStatus.State.UNSUPPORTED);
                    assertThat(r.last().message()).contains("observability.logsDatabaseUrl");
                });
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void theExtensionsStreamIsPreferredWhenTheCoordinatorHasIt() throws Exception {
        try (ControlPlane plane = plane(false)) {
            IndexerId id = plane.indexers(LifecycleState.RUNNING).getFirst();
            ManagedChannel channel = ManagedChannelBuilder.forTarget(plane.coordinatorTarget()).usePlaintext().build();
            Recorder r = new Recorder();
            PgLogServer dead = PgLogServer.parse("postgresql://postgres@127.0.0.1:1", null, null);
            try (AutoCloseable follow = new LogSources(channel, dead, Duration.ofMillis(200), Duration.ofSeconds(5), Clock.systemUTC())
                    .follow(id, 100, r)) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(r.last()).isNotNull();
                    assertThat(r.last().state()).isEqualTo(LogTailStatus.State.STREAMING);
                    assertThat(r.lines).isNotEmpty();
                });
            } finally {
                channel.shutdownNow();
            }
            assertThat(r.statuses).noneMatch(s -> s.message().contains("logs database"));
        }
    }

    @Test
    void aDeadLogsDatabaseIsRetriedAndSaidSo() throws Exception {
        Recorder r = new Recorder();
        PgLogServer dead = PgLogServer.parse("postgresql://postgres@127.0.0.1:1", null, null);
        try (AutoCloseable follow = new LogSources(null, dead, Duration.ofMillis(200), Duration.ofSeconds(2), Clock.systemUTC())
                .follow(new IndexerId("a.near", "f"), 100, r)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(r.last()).isNotNull();
                assertThat(r.last().state()).isEqualTo(LogTailStatus.State.RECONNECTING);
                assertThat(r.last().message()).contains("cannot reach the logs database at 127.0.0.1:1");
                assertThat(r.last().nextRetry()).isNotNull();
            });
        }
        assertThat(r.last().state()).isEqualTo(LogTailStatus.State.CLOSED);
    }
}
