package dev.watchkeeper.simulator;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The same seed gives the same fleet and the same chaos; another seed gives others. */
class DeterminismTest {

    private static List<Chaos.Action> plan(long seed, int n) {
        Chaos chaos = new Chaos(seed, 500, 10);
        return IntStream.range(0, n).mapToObj(i -> chaos.next()).toList();
    }

    @Test
    void chaosPlansRepeatForASeed() {
        assertThat(plan(7, 200)).isEqualTo(plan(7, 200));
        assertThat(plan(7, 200)).isNotEqualTo(plan(8, 200));
        assertThat(plan(7, 200)).extracting(Chaos.Action::kind).containsAll(List.of(Chaos.Kind.values()));
    }

    @Test
    void twoRunsWithOneSeedRegisterTheSameFleetAndSufferTheSameChaos() {
        SimConfig config = SimConfig.defaults().withIndexers(80).withTimeFactor(50).withSeed(1234).withProjectsPerEpoch(10);
        try (LocalRedisServer r1 = LocalRedisServer.start(); LocalRedisServer r2 = LocalRedisServer.start();
             ControlPlane a = ControlPlane.start(r1.uri(), 0, config); ControlPlane b = ControlPlane.start(r2.uri(), 0, config)) {
            assertThat(a.indexers()).isEqualTo(b.indexers());
            assertThat(initialStates(r1, a.indexers())).isEqualTo(initialStates(r2, b.indexers()));

            a.faults().chaos(99, 40);
            b.faults().chaos(99, 40);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.faults().chaosLog().size() >= 25 && b.faults().chaosLog().size() >= 25);
            a.faults().stopChaos();
            b.faults().stopChaos();
            assertThat(a.faults().chaosLog().subList(0, 25)).isEqualTo(b.faults().chaosLog().subList(0, 25));

            ControlPlane c = ControlPlane.start(r1.uri(), 0, config.withSeed(4321));
            try {
                assertThat(c.indexers()).isNotEqualTo(a.indexers());
            } finally {
                c.close();
            }
        }
    }

    /** enabled flag and lifecycle of each indexer as written to Redis (the timestamps differ between runs, the states do not). */
    private static List<String> initialStates(LocalRedisServer server, List<IndexerId> ids) {
        RedisClient client = RedisClient.create(server.uri());
        try {
            RedisCommands<String, String> redis = client.connect().sync();
            return ids.stream().map(id -> redis.get(id.stateKey()).replaceAll("\"block_stream_synced_at\":\\d+,", "")).toList();
        } finally {
            client.shutdown();
        }
    }
}
