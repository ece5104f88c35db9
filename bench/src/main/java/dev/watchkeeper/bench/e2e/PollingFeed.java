package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.app.fleet.FleetViewModel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A baseline's feed: reads Redis once a second (at a fixed rate, on its own thread) into a fleet model, until closed. */
abstract class PollingFeed implements AutoCloseable {

    final FleetViewModel model;
    private final RedisClient client;
    private final String name;
    private final ScheduledExecutorService timer;
    private StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;

    PollingFeed(String uri, FleetViewModel model, String name) {
        this.client = RedisClient.create(uri);
        this.model = model;
        this.name = name;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** One sweep over every state key; called once a second. */
    abstract void poll(StatefulRedisConnection<String, String> c) throws Exception;

    void start() {
        timer.scheduleAtFixedRate(this::sweep, 0, 1, TimeUnit.SECONDS);
    }

    private void sweep() {
        if (closed) {
            return;
        }
        try {
            if (connection == null) {
                connection = client.connect();
            }
            poll(connection);
        } catch (Exception e) {
            if (!closed) {
                System.err.println(name + " stopped: " + e);
            }
            // a failed sweep ends the feed, as the baseline would stop
            timer.shutdown();
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
