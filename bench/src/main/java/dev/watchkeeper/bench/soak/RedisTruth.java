package dev.watchkeeper.bench.soak;

import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.model.IndexerId;
import io.lettuce.core.KeyValue;
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
 * (plain MGET and XINFO STREAM, not the console's reader), to compare the console's model against.
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
            List<RedisFuture<List<Object>>> streams = new ArrayList<>(batch.size());
            for (IndexerId id : batch) {
                streams.add(a.xinfoStream(id.blockStreamKey()));
            }
            List<RedisFuture<?>> all = new ArrayList<>(streams);
            all.add(states);
            all.add(blocks);
            // a missing stream fails its XINFO ("no such key"): awaitAll returns once all are done either way
            awaitDone(all);
            List<KeyValue<String, String>> s = states.toCompletableFuture().join();
            List<KeyValue<String, String>> b = blocks.toCompletableFuture().join();
            for (int j = 0; j < batch.size(); j++) {
                StreamInfo info = StreamInfo.of(streams.get(j));
                out.put(batch.get(j), new ModelCheck.Held(s.get(j).getValueOrElse(null), b.get(j).getValueOrElse(null),
                        info.length(), info.lastId()));
            }
        }
        return out;
    }

    private static void awaitDone(List<RedisFuture<?>> futures) {
        long until = System.nanoTime() + TIMEOUT.toNanos();
        for (RedisFuture<?> f : futures) {
            try {
                f.toCompletableFuture().get(Math.max(0, until - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // judged per key below
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Redis did not answer within " + TIMEOUT.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    /** A stream's length and last generated entry ID from one XINFO STREAM reply; a missing key is an empty stream. */
    record StreamInfo(long length, String lastId) {
        static StreamInfo of(RedisFuture<List<Object>> reply) {
            List<Object> fields;
            try {
                fields = reply.toCompletableFuture().join();
            } catch (java.util.concurrent.CompletionException e) {
                if (String.valueOf(e.getCause()).contains("no such key")) {
                    return new StreamInfo(0, null);
                }
                throw e;
            }
            long length = -1;
            String lastId = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = String.valueOf(fields.get(i));
                if (name.equals("length")) {
                    length = ((Number) fields.get(i + 1)).longValue();
                } else if (name.equals("last-generated-id")) {
                    lastId = String.valueOf(fields.get(i + 1));
                }
            }
            if (length < 0 || lastId == null) {
                throw new IllegalStateException("XINFO STREAM reply without length or last-generated-id: " + fields);
            }
            return new StreamInfo(length, lastId);
        }
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
