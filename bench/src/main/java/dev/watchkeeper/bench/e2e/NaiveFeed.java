package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.connectors.redis.StateJsonParser;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import javafx.application.Platform;

import java.time.Duration;
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
final class NaiveFeed implements AutoCloseable {

    private final RedisClient client;
    private final FleetViewModel model;
    private final Thread thread;
    private volatile boolean closed;

    NaiveFeed(String uri, FleetViewModel model) {
        this.client = RedisClient.create(uri);
        this.model = model;
        this.thread = new Thread(this::run, "naive-poller");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Map<String, String> last = new HashMap<>();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> sync = c.sync();
            while (!closed) {
                long started = System.nanoTime();
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
                long left = 1_000_000_000L - (System.nanoTime() - started);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                System.err.println("naive poller stopped: " + e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
