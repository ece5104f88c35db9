package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reports a gRPC channel's connectivity into a {@link SourceTracker} and drives its reconnection.
 *
 * <p>gRPC reconnects a channel in TRANSIENT_FAILURE on its own schedule but does not say when the
 * next attempt is. So while the channel is not READY this watcher keeps its own schedule
 * (exponential backoff with jitter): at each planned time it asks the channel to connect now
 * ({@code resetConnectBackoff} + {@code getState(true)}), plans the next attempt, and reports
 * RECONNECTING with that next try. gRPC's own attempts may still come earlier; the reported next
 * try is thus the latest the operator has to wait for one. READY reports CONNECTED and resets the
 * backoff. Calls that succeed confirm the source through the same tracker.
 */
public final class ChannelStatusWatcher implements AutoCloseable {

    /** The coordinator's default schedule: first retry within 0.5 s, then doubling up to 30 s. */
    public static final Duration FIRST_RETRY = Duration.ofMillis(500);
    public static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ManagedChannel channel;
    private final SourceTracker tracker;
    private final String endpoint;
    private final Runnable onReady;
    private final Clock clock;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private ConnectivityState last;
    private boolean wasReady;
    /** Lost or failed since the channel was last READY: from then on we report RECONNECTING. */
    private boolean troubled;
    private ScheduledFuture<?> pendingRetry;
    private Instant nextTry;
    private int attempts;
    private boolean closed;

    /** Reports to {@code listener} through a tracker of its own. */
    public ChannelStatusWatcher(ManagedChannel channel, Source source, String endpoint, Consumer<SourceStatus> listener, Clock clock) {
        this(channel, new SourceTracker(source, "gRPC " + endpoint, listener, clock), endpoint, () -> {
        }, clock, new Backoff(FIRST_RETRY, MAX_RETRY));
    }

    /**
     * @param onReady runs each time the channel becomes READY, the first time and after every
     *                reconnect (e.g. to probe capabilities again: the server may have changed)
     * @param backoff the reconnect schedule while the channel is not READY
     */
    public ChannelStatusWatcher(ManagedChannel channel, SourceTracker tracker, String endpoint, Runnable onReady,
                                Clock clock, Backoff backoff) {
        this.channel = channel;
        this.tracker = tracker;
        this.endpoint = endpoint;
        this.onReady = onReady;
        this.clock = clock;
        this.backoff = backoff;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchkeeper-reconnect-" + endpoint);
            t.setDaemon(true);
            return t;
        });
    }

    public SourceTracker tracker() {
        return tracker;
    }

    public void start() {
        watch();
    }

    /** When the next reconnect attempt is planned (null while READY or before any trouble). */
    public synchronized Instant nextTry() {
        return nextTry;
    }

    private void watch() {
        ConnectivityState state;
        boolean becameReady = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (channel.isShutdown()) {
                cancelRetry();
                tracker.down(endpoint + " closed", null);
                return;
            }
            state = channel.getState(true);
            switch (state) {
                case READY -> {
                    cancelRetry();
                    backoff.reset();
                    attempts = 0;
                    troubled = false;
                    becameReady = last != ConnectivityState.READY;
                    wasReady = true;
                    tracker.connected();
                }
                case CONNECTING, IDLE -> {
                    if (wasReady || troubled || tracker.everConfirmed()) {
                        troubled = true;
                        ensureRetry();
                        tracker.reconnecting(endpoint + " connection lost; reconnecting" + attemptNote(), nextTry);
                    } else {
                        tracker.connecting("connecting to " + endpoint);
                    }
                }
                case TRANSIENT_FAILURE -> {
                    troubled = true;
                    ensureRetry();
                    tracker.reconnecting(endpoint + " unreachable" + attemptNote(), nextTry);
                }
                case SHUTDOWN -> {
                    cancelRetry();
                    tracker.down(endpoint + " closed", null);
                }
            }
            last = state;
        }
        if (becameReady) {
            onReady.run();
        }
        if (state != ConnectivityState.SHUTDOWN) {
            channel.notifyWhenStateChanged(state, this::watch);
        }
    }

    private String attemptNote() {
        return attempts == 0 ? "" : " (" + attempts + (attempts == 1 ? " attempt" : " attempts") + " so far)";
    }

    /** A planned attempt: make the channel connect now, unless it already is READY. */
    private void retry() {
        synchronized (this) {
            pendingRetry = null;
            if (closed || channel.isShutdown() || channel.getState(false) == ConnectivityState.READY) {
                return;
            }
            attempts++;
            scheduleRetry();
            tracker.reconnecting(endpoint + " unreachable; trying now" + attemptNote(), nextTry);
        }
        // outside the lock: the channel may report state changes from the calling thread's drain
        channel.resetConnectBackoff();
        channel.getState(true);
    }

    private void ensureRetry() {
        if (pendingRetry == null) {
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        Duration delay = backoff.next();
        try {
            pendingRetry = timer.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
            nextTry = clock.instant().plus(delay);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
            pendingRetry = null;
            nextTry = null;
        }
    }

    private void cancelRetry() {
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
            pendingRetry = null;
        }
        nextTry = null;
    }

    /** Stops planning attempts (the channel itself belongs to the caller). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            cancelRetry();
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
