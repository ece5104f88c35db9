package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.redis.RedisFleetReader;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the simulated coordinator's and block streamer's keys to Redis, pipelined per simulation
 * step. While Redis is down commands fail at once (not queued), so the simulation keeps running
 * and rewrites everything once Redis is back.
 */
final class RedisWriter implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisWriter(RedisURI uri) {
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
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
            futures.add(async.set(keys[i], ix.corruptValue != null ? ix.corruptValue : StateJson.write(ix.id.accountId(),
                    ix.id.functionName(), ix.blockStreamSyncedAt, ix.enabled, ix.lifecycle)));
        }
        futures.add(async.sadd(RedisFleetReader.INDEXER_STATES_KEY, keys));
        await(futures);
    }

    /**
     * Publishes the heights an indexer's stream produced since the last publication (the newest
     * {@code maxEntries} of them) and trims the stream to the blocks still queued for the executor,
     * as upstream's runner removes the entries it processed. Returns the futures to await.
     */
    void publishStream(SimIndexer ix, int maxEntries, List<RedisFuture<?>> futures) {
        RedisAsyncCommands<String, String> async = connection.async();
        long from = Math.max(ix.publishedToRedis + 1, ix.lastPublished - maxEntries + 1);
        int keep = Math.clamp(ix.queueDepth(), 1, SimIndexer.QUEUE_LIMIT);
        XAddArgs args = new XAddArgs().maxlen(keep).approximateTrimming(false);
        String key = ix.id.blockStreamKey();
        for (long h = from; h <= ix.lastPublished; h++) {
            futures.add(async.xadd(key, args, "block_height", Long.toString(h)));
        }
        if (from > ix.lastPublished) {
            futures.add(async.xtrim(key, false, keep));
        }
        futures.add(async.set(ix.id.lastPublishedBlockKey(), Long.toString(ix.lastPublished)));
        ix.publishedToRedis = ix.lastPublished;
    }

    /** Removes an indexer's keys, as the coordinator's cleanup does after deletion. */
    void remove(SimIndexer ix) {
        RedisAsyncCommands<String, String> async = connection.async();
        await(List.of(
                async.srem(RedisFleetReader.INDEXER_STATES_KEY, ix.id.stateKey()),
                async.del(ix.id.stateKey(), ix.id.blockStreamKey(), ix.id.lastPublishedBlockKey())));
    }

    /** Adds a member to {@code indexer_states} without writing its state key. */
    void addDanglingMember(String stateKey) {
        await(List.of(connection.async().sadd(RedisFleetReader.INDEXER_STATES_KEY, stateKey)));
    }

    /** Members of {@code indexer_states}, or -1 when Redis cannot answer. */
    long registeredCount() {
        try {
            return connection.async().scard(RedisFleetReader.INDEXER_STATES_KEY).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return -1;
        }
    }

    RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    static void await(List<RedisFuture<?>> futures) {
        if (futures.isEmpty()) {
            return;
        }
        if (!LettuceFutures.awaitAll(TIMEOUT, futures.toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("Redis writes timed out");
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
