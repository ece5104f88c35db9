package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.pooler.PoolerCoreApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's core API reader against the simulated pooler core API over real HTTP. */
class PoolerCoreApiTest {

    @Test
    void readsTotalsPerProjectAndEachProjectsMissedAndIncorrectSubmissions() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start();
             ControlPlane plane = ControlPlane.start(redis.uri(), 0, SimConfig.defaults().withIndexers(10).withProjectsPerEpoch(200))) {
            PoolerCoreApiServer server = plane.servePoolerApi(0);
            try (PoolerCoreApi api = new PoolerCoreApi(URI.create("http://127.0.0.1:" + server.port()), Duration.ofSeconds(5))) {
                PoolerCoreApi.Status s = api.status();
                assertThat(s.projects()).hasSize(200);
                assertThat(s.successful()).isEqualTo(s.projects().stream().mapToLong(PoolerCoreApi.ProjectStatus::successful).sum());
                assertThat(s.missed()).isPositive().isEqualTo(s.projects().stream().mapToLong(PoolerCoreApi.ProjectStatus::missed).sum());
                assertThat(s.successful() + s.missed() + s.incorrect()).isEqualTo(200L * (PoolerSnapshotter.RETAINED_EPOCHS - 1));

                PoolerCoreApi.ProjectStatus bad = s.projects().stream().filter(p -> p.missed() > 0).findFirst().orElseThrow();
                PoolerCoreApi.ProjectReport report = api.project(bad.projectId());
                assertThat(report.missed()).hasSize((int) bad.missed()).allSatisfy(m -> {
                    assertThat(m.epochId()).isPositive();
                    assertThat(m.reason()).isNotBlank();
                    assertThat(m.finalizedSnapshotCid()).startsWith("bafkrei");
                });
                PoolerCoreApi.ProjectStatus good = s.projects().stream().filter(p -> p.missed() + p.incorrect() == 0).findFirst().orElseThrow();
                assertThat(api.project(good.projectId())).as("404: nothing to report").isEqualTo(new PoolerCoreApi.ProjectReport(java.util.List.of(), java.util.List.of()));
            }
        }
        try (PoolerCoreApi dead = new PoolerCoreApi(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2))) {
            assertThatThrownBy(dead::status).isInstanceOf(IOException.class).hasMessageContaining("cannot connect to http://127.0.0.1:1/internal/snapshotter/status");
        }
    }
}
