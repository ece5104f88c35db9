package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.model.ConnectionState;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection life of one Redis reader: connect, load everything, follow, and on any
 * connection problem disconnect, wait (exponential backoff with jitter), reconnect and load
 * everything again. All Redis work runs on one private thread; nothing thrown by a task leaves
 * it: connection problems lead to a reconnect, anything else is reported as a message while the
 * reader keeps going.
 */
abstract class ReconnectingRedisLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingRedisLoop.class);

    /** What a subclass reports; {@code confirmed} is true when its data was just confirmed current. */
    record Report(ConnectionState state, Instant since, Instant lastConfirmed, Instant nextRetry, String mode, String message) {
    }

    interface Task {
        void run() throws Exception;
    }

    protected final RedisSettings settings;
    protected final Clock clock;
    protected final ScheduledExecutorService exec;
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15));
    /** What stops each scheduled task, run on disconnect. */
    private final List<Runnable> cancels = new ArrayList<>();
    protected RedisEndpoint endpoint;
    private volatile boolean closed;
    private volatile String mode = "connecting";
    private volatile Report last;
    private ConnectionState state = ConnectionState.CONNECTING;
    private Instant since;
    private Instant lastConfirmed;

    /** Set when built from a ready-made lettuce URI instead of settings. */
    private final RedisTarget fixedTarget;

    ReconnectingRedisLoop(RedisSettings settings, RedisTarget fixedTarget, Clock clock, String threadName) {
        this.settings = settings;
        this.fixedTarget = fixedTarget;
        this.clock = clock;
        this.since = clock.instant();
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        report(null, null);
        exec.execute(this::connect);
    }

    /** How updates currently arrive, e.g. "live (keyspace notifications)" or "polling every 2 s". */
    public String mode() {
        return mode;
    }

    /** The latest connection report (never null after start()). */
    Report lastReport() {
        return last;
    }

    protected final void setMode(String m) {
        mode = m;
    }

    /** Loads everything and schedules the follow-up tasks with {@link #every}. Runs on the reader thread. */
    protected abstract void onConnected() throws Exception;

    /** Forgets per-connection state (pending notifications etc.). Runs on the reader thread. */
    protected abstract void onDisconnected();

    /** Delivers a status report to whoever listens. */
    protected abstract void publish(Report report);

    /** Runs {@code task} every {@code period} on the reader thread, guarded. */
    protected final void every(Duration period, Task task) {
        long ms = Math.max(1, period.toMillis());
        ScheduledFuture<?> f = exec.scheduleWithFixedDelay(guard(task), ms, ms, TimeUnit.MILLISECONDS);
        cancels.add(() -> f.cancel(false));
    }

    /**
     * Runs {@code task} every {@code period} counted from one start to the next, on the reader thread,
     * guarded: a poll "every second" that took 400 ms waited 1.4 s between reads with a fixed delay.
     * A run longer than the period is followed by a quarter period's rest, not by the next at once:
     * a fleet too large to read in one period is read as often as that allows, with Redis let be.
     */
    protected final void everyFromStart(Duration period, Task task) {
        long ms = Math.max(1, period.toMillis());
        Runnable guarded = guard(task);
        FromStart handle = new FromStart();
        handle.run = () -> {
            long started = System.nanoTime();
            guarded.run();
            long took = (System.nanoTime() - started) / 1_000_000;
            handle.schedule(exec, Math.max(ms - took, ms / 4));
        };
        handle.schedule(exec, ms);
        cancels.add(handle.slot::cancel);
    }

    /** A task that schedules its next run itself; cancelling its slot stops the one scheduled and any after. */
    private static final class FromStart {
        Runnable run;
        final ScheduledSlot slot = new ScheduledSlot();

        void schedule(ScheduledExecutorService exec, long delayMs) {
            slot.schedule(exec, run, TimeUnit.MILLISECONDS.toNanos(delayMs));
        }
    }

    /**
     * A task run on the reader thread, guarded, {@code delay} after it is asked for (asks while it
     * is due join that run); the returned action asks, from any thread. Stopped on disconnect.
     */
    protected final Runnable onDemand(Duration delay, Task task) {
        OnDemandTask t = new OnDemandTask(exec, delay, guard(task));
        cancels.add(t::cancel);
        return t::ask;
    }

    /** Runs {@code task} once soon on the reader thread, guarded. */
    protected final void soon(Task task) {
        exec.execute(guard(task));
    }

    private void connect() {
        if (closed) {
            return;
        }
        RedisTarget target;
        try {
            target = fixedTarget != null ? fixedTarget : settings.target();
        } catch (IllegalArgumentException e) {
            // the settings cannot work: say why, and do not retry what cannot succeed
            state = ConnectionState.DOWN;
            since = clock.instant();
            setMode("not connected");
            report(null, e.getMessage());
            return;
        }
        try {
            endpoint = RedisEndpoint.open(target);
            onConnected();
            backoff.reset();
            state = ConnectionState.CONNECTED;
            since = clock.instant();
            confirmed();
        } catch (Exception | LinkageError | AssertionError e) {
            failed(e);
        }
    }

    /** Data from this source was just confirmed current. */
    protected final void confirmed() {
        lastConfirmed = clock.instant();
        report(null, null);
    }

    /** A round failed for a reason other than the connection: keep going, tell the operator. */
    protected final void problem(String message) {
        report(null, message);
    }

    private Runnable guard(Task task) {
        return () -> {
            if (closed || endpoint == null) {
                return;
            }
            try {
                task.run();
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                if (isConnectionProblem(e) || !endpoint.isOpen()) {
                    failed(e);
                } else {
                    String msg = describe(e);
                    LOG.warn("Redis read failed: {}", msg);
                    problem("read failed: " + msg);
                }
            }
        };
    }

    private void failed(Throwable e) {
        if (closed) {
            return;
        }
        String msg = describe(e);
        LOG.warn("Redis connection problem ({}): {}", fixedTarget != null ? fixedTarget.display() : settings.redactedUri(), msg);
        disconnect();
        Duration delay = backoff.next();
        ConnectionState next = isRefused(e) ? ConnectionState.DOWN : ConnectionState.RECONNECTING;
        if (next != state) {
            since = clock.instant();
        }
        state = next;
        setMode(state == ConnectionState.DOWN ? "refused" : "reconnecting");
        report(clock.instant().plus(delay), msg);
        exec.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report(Instant nextRetry, String message) {
        Report r = new Report(state, since, lastConfirmed, nextRetry, mode, message);
        last = r;
        try {
            publish(r);
        } catch (RuntimeException e) {
            LOG.warn("status listener failed: {}", e.toString());
        }
    }

    /** Waits for a reply; a reply not there in time means the connection is lost. */
    protected static <T> T await(RedisFuture<T> f, Duration timeout) throws Exception {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("no reply from Redis within " + RedisFleetReader.human(timeout));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** PING with a short deadline: how a silently dead link (e.g. a stuck proxy) is noticed. */
    protected final void heartbeat(Duration timeout) throws Exception {
        await(endpoint.async().ping(), timeout);
    }

    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisConnectionException || t instanceof RedisCommandTimeoutException
                    || t instanceof TimeoutException || t instanceof IOException) {
                return true;
            }
            if (t instanceof RedisException && !(t instanceof RedisCommandExecutionException)
                    && t.getMessage() != null && t.getMessage().toLowerCase().contains("connection")) {
                return true;
            }
        }
        return false;
    }

    /** Wrong credentials or no permission: retrying alone will not fix it. */
    static boolean isRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("WRONGPASS") || m.contains("NOAUTH") || m.contains("NOPERM"))) {
                return true;
            }
        }
        return false;
    }

    /** The root cause's message, password masked, one line, bounded. */
    final String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root != e && e.getMessage() != null && !e.getMessage().equals(msg) && e instanceof RedisConnectionException) {
            msg = e.getMessage() + ": " + msg;
        }
        msg = msg.replace('\n', ' ');
        msg = fixedTarget != null ? fixedTarget.scrub(msg) : Secrets.scrub(msg, settings.uri());
        return RawText.abbreviate(msg, 300);
    }

    private void disconnect() {
        cancels.forEach(Runnable::run);
        cancels.clear();
        try {
            onDisconnected();
        } catch (RuntimeException e) {
            LOG.warn("cleanup failed: {}", e.toString());
        }
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
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

    /**
     * Follows keyspace notifications for keys matching {@code keyPatterns} (glob patterns without the
     * {@code __keyspace@db__:} prefix). {@code onKey} runs on the notification thread: it must be
     * thread-safe and quick, e.g. add to a concurrent set that this loop's thread drains. A set is
     * bounded by the keys it can hold however fast Redis publishes, and a key changed many times
     * while the loop is busy is read once; a task per notification let a busy loop fall behind
     * without bound (it had to drop them all and reload everything, which made it busier still).
     */
    protected final void subscribeKeyspace(java.util.function.Consumer<String> onKey, List<String> keyPatterns) {
        psubscribe(key -> {
            if (!closed) {
                onKey.accept(key);
            }
        }, keyPatterns);
    }

    private void psubscribe(java.util.function.Consumer<String> onKey, List<String> keyPatterns) {
        String prefix = "__keyspace@" + endpoint.target().database() + "__:";
        List<String> patterns = keyPatterns.stream().map(p -> prefix + p).toList();
        // the codec hands over each channel as its key, without the prefix
        var pubSub = endpoint.newPubSub(new KeyspaceChannelCodec(prefix, patterns));
        pubSub.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String key, String event) {
                onKey.accept(key);
            }
        });
        pubSub.sync().psubscribe(patterns.toArray(String[]::new));
    }
}
