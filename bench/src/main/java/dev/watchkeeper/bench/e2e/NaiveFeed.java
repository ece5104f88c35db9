package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.connectors.redis.StateJsonParser;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import javafx.application.Platform;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The baseline the benchmark compares against: what a straightforward console would do. Every
 * second it GETs every state key one by one, and hands each change to the FX thread as its own
 * {@code Platform.runLater} and its own model update.
 */
final class NaiveFeed extends PollingFeed {

    private final Map<String, String> last = new HashMap<>();

    NaiveFeed(String uri, FleetViewModel model) {
        super(uri, model, "naive-poller");
    }

    @Override
    void poll(StatefulRedisConnection<String, String> c) {
        RedisCommands<String, String> sync = c.sync();
        for (String key : sync.smembers(RedisFleetReader.INDEXER_STATES_KEY)) {
            String raw = sync.get(key);
            if (raw == null || raw.equals(last.put(key, raw))) {
                continue;
            }
            IndexerId id = IndexerId.fromKey(key, IndexerId.STATE_SUFFIX);
            if (id != null) {
                IndexerState s = StateJsonParser.parse(id, raw);
                Instant at = Instant.now();
                Platform.runLater(() -> model.apply(List.of(StateBatch.changes(List.of(s), Set.of(), at))));
            }
        }
    }
}
