package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The connection state of one gRPC source and when its data was last confirmed. Every successful
 * call or poll confirms; connectivity changes come from the channel watcher or the poller.
 * Reports on every change of state, message or next retry, and at most once a second when only
 * the confirmation time moved (so a busy source does not flood the UI).
 */
public final class SourceTracker {

    private static final Duration CONFIRM_REPORT_EVERY = Duration.ofSeconds(1);

    private final Source source;
    private final Consumer<SourceStatus> out;
    private final Clock clock;
    private String mode;
    private ConnectionState state = ConnectionState.CONNECTING;
    private Instant since;
    private Instant lastConfirmed;
    private Instant nextRetry;
    private String message;
    private Instant lastReported;
    /** Why the source refused us (auth, TLS); kept until a call succeeds, whatever the channel does. */
    private String refusal;
    private SourceStatus current;

    public SourceTracker(Source source, String mode, Consumer<SourceStatus> out, Clock clock) {
        this.source = source;
        this.mode = mode;
        this.out = out;
        this.clock = clock;
        this.since = clock.instant();
        this.current = snapshot();
    }

    public synchronized SourceStatus current() {
        return current;
    }

    /** A call or poll succeeded: the source is connected and its data current as of now. */
    public synchronized void confirmed() {
        refusal = null;
        update(ConnectionState.CONNECTED, null, null, true);
    }

    /** The channel is connected (no data confirmed by that alone). */
    public synchronized void connected() {
        transportState(ConnectionState.CONNECTED, null, null);
    }

    public synchronized void connecting(String why) {
        transportState(ConnectionState.CONNECTING, null, why);
    }

    /** Lost; the next attempt is at {@code next} (null when the transport decides). */
    public synchronized void reconnecting(String why, Instant next) {
        transportState(ConnectionState.RECONNECTING, next, why);
    }

    /** Refused or given up: needs the operator. */
    public synchronized void down(String why, Instant next) {
        update(ConnectionState.DOWN, next, why, false);
    }

    /**
     * The source refused a call (bad token, certificate not trusted, ...). It stays DOWN with this
     * reason, even while the transport reconnects or reports ready, until a call succeeds.
     */
    public synchronized void refused(String why) {
        refusal = why;
        update(ConnectionState.DOWN, null, why, false);
    }

    private void transportState(ConnectionState s, Instant next, String why) {
        if (refusal != null) {
            update(ConnectionState.DOWN, next, refusal, false);
        } else {
            update(s, next, why, false);
        }
    }

    public synchronized void mode(String newMode) {
        this.mode = newMode;
    }

    /** True once any data from this source has been confirmed. */
    public synchronized boolean everConfirmed() {
        return lastConfirmed != null;
    }

    // reports under the lock so two threads cannot deliver states out of order
    private void update(ConnectionState newState, Instant next, String why, boolean confirm) {
        synchronized (this) {
            Instant now = clock.instant();
            boolean changed = newState != state || !Objects.equals(next, nextRetry) || !Objects.equals(why, message);
            if (newState != state) {
                since = now;
            }
            state = newState;
            nextRetry = next;
            message = why;
            if (confirm) {
                lastConfirmed = now;
            }
            current = snapshot();
            boolean due = confirm && (lastReported == null || Duration.between(lastReported, now).compareTo(CONFIRM_REPORT_EVERY) >= 0);
            if (!changed && !due) {
                return;
            }
            lastReported = now;
            out.accept(current);
        }
    }

    private SourceStatus snapshot() {
        return new SourceStatus(source, state, since, lastConfirmed, nextRetry, mode, message);
    }
}
