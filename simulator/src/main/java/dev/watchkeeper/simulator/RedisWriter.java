package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.redis.RedisFleetReader;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes the simulated coordinator's keys to Redis, pipelined per simulation step. */
final class RedisWriter implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisWriter(RedisURI uri) {
        client = RedisClient.create(uri);
        connection = client.connect();
    }

    /** Writes the state of each given indexer (and registers its key in indexer_states) in one round trip. */
    void writeStates(List<SimIndexer> changed) {
        if (changed.isEmpty()) {
            return;
        }
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<?>> futures = new ArrayList<>(changed.size() + 1);
        String[] keys = new String[changed.size()];
        for (int i = 0; i < changed.size(); i++) {
            SimIndexer ix = changed.get(i);
            keys[i] = ix.id.stateKey();
            futures.add(async.set(keys[i], StateJson.write(ix.id.accountId(), ix.id.functionName(),
                    ix.blockStreamSyncedAt, ix.enabled, ix.lifecycle)));
        }
        futures.add(async.sadd(RedisFleetReader.INDEXER_STATES_KEY, keys));
        await(futures);
    }

    /** Removes an indexer's keys, as the coordinator's cleanup does after deletion. */
    void remove(SimIndexer ix) {
        RedisAsyncCommands<String, String> async = connection.async();
        await(List.of(
                async.srem(RedisFleetReader.INDEXER_STATES_KEY, ix.id.stateKey()),
                async.del(ix.id.stateKey(), ix.id.blockStreamKey(), ix.id.lastPublishedBlockKey())));
    }

    RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    static void await(List<RedisFuture<?>> futures) {
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(10), futures.toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("Redis writes timed out");
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
