package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.commands.ObservedStates;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The fleet's coordinator state as observed in Redis, read-only, through the same
 * {@link RedisFleetReader} the console uses (live through keyspace notifications, or polled).
 * The first snapshot answers {@code status}/{@code show}; later changes confirm commands.
 */
final class FleetWatch implements AutoCloseable {

    /** The CLI waits on confirmations, so it polls faster than the console when there are no notifications. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final String where;
    private final RedisFleetReader reader;
    private final ObservedStates states = new ObservedStates();
    private boolean loaded;
    private Instant observedAt;
    private String lastProblem;

    FleetWatch(Endpoints endpoints) {
        this(endpoints, true);
    }

    /** @param live false: only the first snapshot is wanted (status, show): no keyspace events or progress are read */
    FleetWatch(Endpoints endpoints, boolean live) {
        this.where = "Redis " + endpoints.redisForDisplay();
        this.reader = new RedisFleetReader(endpoints.redis().withPollInterval(POLL), new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                apply(batch);
            }

            @Override
            public void onStatus(SourceStatus status) {
                statusChanged(status);
            }
        });
        if (!live) {
            reader.statesOnly();
        }
    }

    /** Connects and waits for the first full snapshot; fails with exit code 3 when Redis cannot be read. */
    FleetWatch start(Duration connectTimeout) {
        reader.start();
        long until = System.nanoTime() + connectTimeout.toNanos();
        synchronized (this) {
            while (!loaded && lastProblem == null) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw CliFailure.connection(where + " did not answer within " + seconds(connectTimeout));
                }
                waitNanos(left);
            }
            if (!loaded) {
                throw CliFailure.connection("cannot read " + where + ": " + lastProblem);
            }
        }
        return this;
    }

    String where() {
        return where;
    }

    synchronized Map<IndexerId, IndexerState> snapshot() {
        return states.all();
    }

    synchronized Instant observedAt() {
        return observedAt;
    }

    synchronized IndexerState get(IndexerId id) {
        return states.apply(id);
    }

    /** Why Redis is not connected right now, or null. */
    synchronized String connectionProblem() {
        return lastProblem;
    }

    private synchronized void apply(StateBatch batch) {
        states.onStates(batch);
        observedAt = batch.observedAt();
        loaded = true;
        lastProblem = null;
        notifyAll();
    }

    private synchronized void statusChanged(SourceStatus status) {
        if (status.state() == ConnectionState.RECONNECTING || status.state() == ConnectionState.DOWN) {
            lastProblem = status.message() == null ? status.state().name().toLowerCase() : status.message();
        } else if (status.state() == ConnectionState.CONNECTED) {
            lastProblem = null;
        }
        notifyAll();
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }

    @Override
    public void close() {
        reader.close();
    }
}
