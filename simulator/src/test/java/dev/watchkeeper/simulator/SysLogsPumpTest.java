package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.logs.IndexerMetadata;
import dev.watchkeeper.connectors.logs.PgLogFilter;
import dev.watchkeeper.connectors.logs.PgLogRow;
import dev.watchkeeper.connectors.logs.PgLogServer;
import dev.watchkeeper.connectors.logs.PgLogSource;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulated runner's logs and status reach a real PostgreSQL in upstream's tables, readable by the console's reader. */
class SysLogsPumpTest {

    @Test
    void runningIndexersLogToTheirOwnSchemaWithStatusAndHeight() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start();
             LocalRedisServer redis = LocalRedisServer.start();
             ControlPlane plane = ControlPlane.start(redis.uri(), 0, SimConfig.defaults().withIndexers(20).withTimeFactor(20))) {
            plane.writeLogsTo(new SysLogsDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", null), 3);
            IndexerId id = plane.simulation().inState(LifecycleState.RUNNING).getFirst();
            PgLogServer server = PgLogServer.parse("postgresql://postgres@127.0.0.1:" + pg.getPort(), null, null);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                try (PgLogSource src = PgLogSource.open(server, id, Duration.ofSeconds(5))) {
                    List<PgLogRow> rows = src.newest(PgLogFilter.ALL, 50);
                    assertThat(rows).isNotEmpty().allSatisfy(r -> {
                        assertThat(r.level()).isIn("INFO", "WARN", "ERROR");
                        assertThat(r.type()).isEqualTo("system");
                    });
                    IndexerMetadata meta = src.metadata();
                    assertThat(meta.status()).isIn("RUNNING", "FAILING", "STOPPED");
                    assertThat(meta.lastProcessedBlockHeight()).isPositive();
                }
            });
        }
    }
}
