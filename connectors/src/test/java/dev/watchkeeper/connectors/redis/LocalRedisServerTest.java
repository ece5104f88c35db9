package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The servers the tests and the demo start are private: one never starts with another's keys. */
class LocalRedisServerTest {

    @Test
    void aServerWrittenToDiskIsEmptyAfterARestartAndSoIsTheNextServer() {
        try (LocalRedisServer first = LocalRedisServer.start(LocalRedisServer.freePort(), List.of())) {
            withClient(first, c -> {
                c.sync().set("indexer:left-behind", "x");
                // what a replica's full sync or an operator's SAVE does even with persistence off
                c.sync().save();
            });
            first.restart();
            withClient(first, c -> assertThat(c.sync().dbsize()).isZero());
            withClient(first, c -> {
                c.sync().set("indexer:left-behind", "x");
                c.sync().save();
            });
        }
        try (LocalRedisServer next = LocalRedisServer.start(LocalRedisServer.freePort(), List.of())) {
            withClient(next, c -> assertThat(c.sync().dbsize()).isZero());
        }
    }

    private static void withClient(LocalRedisServer server, java.util.function.Consumer<StatefulRedisConnection<String, String>> use) {
        RedisClient client = RedisClient.create(server.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            use.accept(c);
        } finally {
            client.shutdown();
        }
    }
}
