package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows every indexer's coordinator state in Redis, read-only. Loads all states at start and
 * after every reconnect (as a full snapshot, so nothing missed stays on screen), then follows
 * changes through keyspace notifications when the server publishes them, or by polling when it
 * does not. It never changes server configuration and issues no write command.
 *
 * <p>All Redis work runs on one private thread; results go to the listener from that thread.
 */
public final class RedisFleetReader implements AutoCloseable {

    public static final String INDEXER_STATES_KEY = "indexer_states";
    private static final int BATCH = 1000;
    private static final Duration FLUSH_EVERY = Duration.ofMillis(25);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RedisFleetReader.class);

    private final RedisURI uri;
    private final Duration pollInterval;
    private final ControlPlaneListener listener;
    private final Clock clock;
    private final ScheduledExecutorService exec;
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15));

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    /** Raw values last seen, to report only what changed when polling. */
    private final Map<IndexerId, String> lastRaw = new HashMap<>();
    /** Keys named by notifications since the last flush. */
    private final Set<String> pendingKeys = new LinkedHashSet<>();
    private volatile boolean closed;
    private String mode = "connecting";
    private Instant since;

    public RedisFleetReader(RedisURI uri, Duration pollInterval, ControlPlaneListener listener) {
        this(uri, pollInterval, listener, Clock.systemUTC());
    }

    public RedisFleetReader(RedisURI uri, Duration pollInterval, ControlPlaneListener listener, Clock clock) {
        this.uri = uri;
        this.pollInterval = pollInterval;
        this.listener = listener;
        this.clock = clock;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wk-redis-reader");
            t.setDaemon(true);
            return t;
        });
        this.since = clock.instant();
    }

    public void start() {
        status(ConnectionState.CONNECTING, null, null);
        exec.execute(this::connect);
    }

    /** How updates currently arrive, e.g. "live (keyspace notifications)" or "polling every 2 s". */
    public String mode() {
        return mode;
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(false) // we reconnect ourselves and then resync fully
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(3)))
                    .build());
            connection = client.connect();
            boolean notifications = keyspaceNotificationsEnabled(connection.sync());
            if (notifications) {
                subscribe();
                mode = "live (keyspace notifications)";
            } else {
                mode = "polling every " + human(pollInterval);
            }
            fullLoad();
            backoff.reset();
            since = clock.instant();
            status(ConnectionState.CONNECTED, null, null);
            if (notifications) {
                tasks.add(exec.scheduleWithFixedDelay(guard(this::flushPending), FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS));
                tasks.add(exec.scheduleWithFixedDelay(guard(this::heartbeat), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS));
            } else {
                tasks.add(exec.scheduleWithFixedDelay(guard(this::poll), pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS));
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Reads, never sets: a server without notifications is polled instead of reconfigured. */
    private static boolean keyspaceNotificationsEnabled(RedisCommands<String, String> sync) {
        try {
            Map<String, String> cfg = sync.configGet("notify-keyspace-events");
            String flags = cfg.getOrDefault("notify-keyspace-events", "");
            boolean keyspace = flags.contains("K");
            boolean events = flags.contains("A") || (flags.contains("$") && flags.contains("g"));
            return keyspace && events;
        } catch (RuntimeException e) {
            // CONFIG may be denied (ACL, managed Redis): fall back to polling.
            LOG.info("cannot read notify-keyspace-events ({}); polling", e.getMessage());
            return false;
        }
    }

    private void subscribe() {
        pubSub = client.connectPubSub();
        int db = uri.getDatabase();
        String prefix = "__keyspace@" + db + "__:";
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String event) {
                String key = channel.substring(prefix.length());
                exec.execute(() -> pendingKeys.add(key));
            }
        });
        pubSub.sync().psubscribe(prefix + "*" + IndexerId.STATE_SUFFIX);
    }

    /** Loads everything and reports it as a full snapshot. */
    private void fullLoad() {
        Map<IndexerId, String> all = readAll();
        lastRaw.clear();
        lastRaw.putAll(all);
        List<IndexerState> states = new ArrayList<>(all.size());
        all.forEach((id, raw) -> states.add(StateJsonParser.parse(id, raw)));
        listener.onStates(StateBatch.full(states, clock.instant()));
    }

    private void poll() {
        Map<IndexerId, String> all = readAll();
        List<IndexerState> upserts = new ArrayList<>();
        Set<IndexerId> removed = new HashSet<>();
        all.forEach((id, raw) -> {
            if (!raw.equals(lastRaw.get(id))) {
                upserts.add(StateJsonParser.parse(id, raw));
            }
        });
        for (IndexerId id : lastRaw.keySet()) {
            if (!all.containsKey(id)) {
                removed.add(id);
            }
        }
        lastRaw.clear();
        lastRaw.putAll(all);
        Instant now = clock.instant();
        if (!upserts.isEmpty() || !removed.isEmpty()) {
            listener.onStates(StateBatch.changes(upserts, removed, now));
        }
        status(ConnectionState.CONNECTED, null, null);
    }

    private void flushPending() {
        checkOpen();
        if (pendingKeys.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(pendingKeys);
        pendingKeys.clear();
        Map<String, String> values = mget(keys);
        List<IndexerState> upserts = new ArrayList<>();
        Set<IndexerId> removed = new HashSet<>();
        for (String key : keys) {
            IndexerId id = IndexerId.fromKey(key, IndexerId.STATE_SUFFIX);
            if (id == null) {
                continue;
            }
            String raw = values.get(key);
            if (raw == null) {
                if (lastRaw.remove(id) != null) {
                    removed.add(id);
                }
            } else if (!raw.equals(lastRaw.put(id, raw))) {
                upserts.add(StateJsonParser.parse(id, raw));
            }
        }
        if (!upserts.isEmpty() || !removed.isEmpty()) {
            listener.onStates(StateBatch.changes(upserts, removed, clock.instant()));
        }
    }

    private void heartbeat() {
        checkOpen();
        connection.sync().ping();
        status(ConnectionState.CONNECTED, null, null);
    }

    private void checkOpen() {
        if (!connection.isOpen() || (pubSub != null && !pubSub.isOpen())) {
            throw new IllegalStateException("connection to Redis lost");
        }
    }

    /** All indexer state keys and their values: from indexer_states, or by SCAN when the set is missing. */
    private Map<IndexerId, String> readAll() {
        RedisCommands<String, String> sync = connection.sync();
        Set<String> keys = sync.smembers(INDEXER_STATES_KEY);
        if (keys.isEmpty()) {
            keys = new LinkedHashSet<>();
            ScanIterator<String> it = ScanIterator.scan(sync, ScanArgs.Builder.matches("*" + IndexerId.STATE_SUFFIX).limit(1000));
            while (it.hasNext()) {
                keys.add(it.next());
            }
        }
        Map<String, String> values = mget(new ArrayList<>(keys));
        Map<IndexerId, String> out = new HashMap<>(values.size() * 2);
        values.forEach((key, raw) -> {
            IndexerId id = IndexerId.fromKey(key, IndexerId.STATE_SUFFIX);
            if (id != null && raw != null) {
                out.put(id, raw);
            }
        });
        return out;
    }

    /** MGET in batches, all sent before any reply is awaited (pipelined). */
    private Map<String, String> mget(List<String> keys) {
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += BATCH) {
            futures.add(async.mget(keys.subList(i, Math.min(keys.size(), i + BATCH)).toArray(String[]::new)));
        }
        Map<String, String> out = new HashMap<>(keys.size() * 2);
        for (RedisFuture<List<KeyValue<String, String>>> f : futures) {
            try {
                for (KeyValue<String, String> kv : f.get(10, TimeUnit.SECONDS)) {
                    out.put(kv.getKey(), kv.hasValue() ? kv.getValue() : null);
                }
            } catch (Exception e) {
                throw new IllegalStateException("MGET failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private Runnable guard(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                failed(e);
            }
        };
    }

    private void failed(RuntimeException e) {
        if (closed) {
            return;
        }
        LOG.warn("Redis connection problem: {}", e.getMessage());
        disconnect();
        Duration delay = backoff.next();
        Instant next = clock.instant().plus(delay);
        if (backoff.attempts() == 1) {
            since = clock.instant();
        }
        status(ConnectionState.RECONNECTING, next, describe(e));
        exec.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.length() > 200 ? msg.substring(0, 200) + "…" : msg;
    }

    private void disconnect() {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        pendingKeys.clear();
        if (pubSub != null) {
            pubSub.closeAsync();
            pubSub = null;
        }
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
        if (client != null) {
            client.shutdownAsync(0, 2, TimeUnit.SECONDS);
            client = null;
        }
    }

    private Instant lastConfirmed;

    private void status(ConnectionState state, Instant nextRetry, String message) {
        if (state == ConnectionState.CONNECTED) {
            lastConfirmed = clock.instant();
        }
        listener.onStatus(new SourceStatus(Source.REDIS, state, since, lastConfirmed, nextRetry, mode, message));
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }

    @Override
    public void close() {
        closed = true;
        exec.execute(this::disconnect);
        exec.shutdown();
        try {
            exec.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
