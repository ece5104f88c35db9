package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.connectors.redis.StateJsonParser;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import javafx.application.Platform;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fair baseline: what a competent simple console would do. Every second it reads every state
 * key with pipelined MGETs of 1,000 keys, parses what changed, and hands the poll's changes to the
 * FX thread as one {@code Platform.runLater} and one model update, into a plain sorted TableView.
 */
final class FairFeed extends PollingFeed {

    private static final int BATCH = 1000;

    private final Map<String, String> last = new HashMap<>();

    FairFeed(String uri, FleetViewModel model) {
        super(uri, model, "fair-poller");
    }

    @Override
    void poll(StatefulRedisConnection<String, String> c) throws Exception {
        RedisAsyncCommands<String, String> async = c.async();
        List<String> keys = new ArrayList<>(async.smembers(RedisFleetReader.INDEXER_STATES_KEY).get());
        List<RedisFuture<List<KeyValue<String, String>>>> replies = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += BATCH) {
            replies.add(async.mget(keys.subList(i, Math.min(keys.size(), i + BATCH)).toArray(String[]::new)));
        }
        LettuceFutures.awaitAll(Duration.ofSeconds(30), replies.toArray(RedisFuture[]::new));
        List<IndexerState> changed = new ArrayList<>();
        for (RedisFuture<List<KeyValue<String, String>>> f : replies) {
            for (KeyValue<String, String> kv : f.get()) {
                if (!kv.hasValue() || kv.getValue().equals(last.put(kv.getKey(), kv.getValue()))) {
                    continue;
                }
                IndexerId id = IndexerId.fromKey(kv.getKey(), IndexerId.STATE_SUFFIX);
                if (id != null) {
                    changed.add(StateJsonParser.parse(id, kv.getValue()));
                }
            }
        }
        if (!changed.isEmpty()) {
            Instant at = Instant.now();
            Platform.runLater(() -> model.apply(List.of(StateBatch.changes(changed, Set.of(), at))));
        }
    }
}
