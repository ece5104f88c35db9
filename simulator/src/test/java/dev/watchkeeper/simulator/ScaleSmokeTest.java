package dev.watchkeeper.simulator;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 10,000 indexers load quickly and background churn sustains a thousand state changes a second. */
class ScaleSmokeTest {

    @Test
    void tenThousandIndexersLoadAndChurnAtAThousandChangesPerSecond() {
        try (LocalRedisServer server = LocalRedisServer.start()) {
            long t0 = System.nanoTime();
            try (ControlPlane plane = ControlPlane.start(server.uri(), 0, SimConfig.defaults().withIndexers(10_000).withTimeFactor(10)
                    .withProjectsPerEpoch(2_000));
                 RedisClient client = RedisClient.create(server.uri())) {
                RedisCommands<String, String> redis = client.connect().sync();
                assertThat(redis.scard("indexer_states")).isEqualTo(10_000);
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                assertThat(loadSeconds).as("10k indexers in Redis").isLessThan(20);

                plane.churn(1_000);
                StateChangeLog log = plane.stateChanges();
                // let the churn settle, then measure over three seconds
                await().atMost(Duration.ofSeconds(30)).until(() -> plane.stats().stateChangesPerSecond() > 500);
                long startCount = log.total();
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).until(() -> log.total() - startCount >= 3_000);
                double perSecond = (log.total() - startCount) / ((System.nanoTime() - start) / 1e9);
                SimStats stats = plane.stats();
                System.out.printf("scale: load %.1f s, %.0f changes/s sustained, stats %s%n", loadSeconds, perSecond, stats);
                assertThat(perSecond).isGreaterThan(900);
                List<StateChange> recent = log.since(log.total() - 10);
                assertThat(recent).hasSize(10).allSatisfy(c -> assertThat(c.writtenAtMillis()).isPositive());
                assertThat(redis.get(recent.getLast().indexer().stateKey())).isNotNull();
                assertThat(stats.processCpuLoad()).isBetween(0.0, 1.0);
            }
        }
    }
}
