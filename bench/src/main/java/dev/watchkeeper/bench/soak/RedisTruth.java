package dev.watchkeeper.bench.soak;

import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.model.IndexerId;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Redis holds for every indexer listed in {@code indexer_states}, read the soak's own way
 * (plain MGET and XLEN, not the console's reader), to compare the console's model against.
 */
final class RedisTruth implements AutoCloseable {

    private static final int BATCH = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    RedisTruth(String uri) {
        client = RedisClient.create(uri);
    }

    /** Every listed indexer; throws when Redis cannot be read (e.g. while it restarts). */
    Map<IndexerId, ModelCheck.Held> read() {
        try {
            return readOnce();
        } catch (RuntimeException e) {
            // a connection from before a Redis restart: open a new one next time
            closeConnection();
            throw e;
        }
    }

    private Map<IndexerId, ModelCheck.Held> readOnce() {
        if (connection == null) {
            connection = client.connect();
            connection.setTimeout(TIMEOUT);
        }
        RedisAsyncCommands<String, String> a = connection.async();
        List<IndexerId> ids = new ArrayList<>();
        for (String member : connection.sync().smembers(RedisFleetReader.INDEXER_STATES_KEY)) {
            IndexerId id = IndexerId.fromKey(member, IndexerId.STATE_SUFFIX);
            if (id != null) {
                ids.add(id);
            }
        }
        Map<IndexerId, ModelCheck.Held> out = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<IndexerId> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
            RedisFuture<List<KeyValue<String, String>>> states = a.mget(batch.stream().map(IndexerId::stateKey).toArray(String[]::new));
            RedisFuture<List<KeyValue<String, String>>> blocks = a.mget(batch.stream().map(IndexerId::lastPublishedBlockKey).toArray(String[]::new));
            List<RedisFuture<Long>> lengths = new ArrayList<>(batch.size());
            for (IndexerId id : batch) {
                lengths.add(a.xlen(id.blockStreamKey()));
            }
            List<RedisFuture<?>> all = new ArrayList<>(lengths);
            all.add(states);
            all.add(blocks);
            if (!LettuceFutures.awaitAll(TIMEOUT, all.toArray(RedisFuture[]::new))) {
                throw new IllegalStateException("Redis did not answer within " + TIMEOUT.toSeconds() + " s");
            }
            List<KeyValue<String, String>> s = states.toCompletableFuture().join();
            List<KeyValue<String, String>> b = blocks.toCompletableFuture().join();
            for (int j = 0; j < batch.size(); j++) {
                out.put(batch.get(j), new ModelCheck.Held(s.get(j).getValueOrElse(null), b.get(j).getValueOrElse(null),
                        lengths.get(j).toCompletableFuture().join()));
            }
        }
        return out;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
