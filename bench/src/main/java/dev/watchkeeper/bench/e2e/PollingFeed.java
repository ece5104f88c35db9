package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.app.fleet.FleetViewModel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;

/** A baseline's feed: one thread that reads Redis once a second into a fleet model, until closed. */
abstract class PollingFeed implements AutoCloseable {

    final FleetViewModel model;
    private final RedisClient client;
    private final Thread thread;
    private volatile boolean closed;

    PollingFeed(String uri, FleetViewModel model, String name) {
        this.client = RedisClient.create(uri);
        this.model = model;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** One sweep over every state key; called once a second. */
    abstract void poll(StatefulRedisConnection<String, String> c) throws Exception;

    void start() {
        thread.start();
    }

    private void run() {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            while (!closed) {
                long started = System.nanoTime();
                poll(c);
                long left = 1_000_000_000L - (System.nanoTime() - started);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                System.err.println(thread.getName() + " stopped: " + e);
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
