package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Reports a gRPC channel's connectivity as a {@link SourceStatus}, asking the channel to connect
 * so that the state is known before the first command. gRPC itself reconnects with exponential
 * backoff and jitter while the channel is in TRANSIENT_FAILURE.
 */
public final class ChannelStatusWatcher {

    private final ManagedChannel channel;
    private final Source source;
    private final String endpoint;
    private final Consumer<SourceStatus> listener;
    private final Clock clock;
    private Instant since;
    private Instant lastConfirmed;
    private ConnectivityState last;

    public ChannelStatusWatcher(ManagedChannel channel, Source source, String endpoint, Consumer<SourceStatus> listener, Clock clock) {
        this.channel = channel;
        this.source = source;
        this.endpoint = endpoint;
        this.listener = listener;
        this.clock = clock;
        this.since = clock.instant();
    }

    public void start() {
        watch();
    }

    private synchronized void watch() {
        if (channel.isShutdown()) {
            return;
        }
        ConnectivityState state = channel.getState(true);
        Instant now = clock.instant();
        if (state != last) {
            since = now;
            last = state;
        }
        if (state == ConnectivityState.READY) {
            lastConfirmed = now;
        }
        ConnectionState mapped = switch (state) {
            case READY -> ConnectionState.CONNECTED;
            case CONNECTING, IDLE -> lastConfirmed == null ? ConnectionState.CONNECTING : ConnectionState.RECONNECTING;
            case TRANSIENT_FAILURE -> ConnectionState.RECONNECTING;
            case SHUTDOWN -> ConnectionState.DOWN;
        };
        String message = state == ConnectivityState.TRANSIENT_FAILURE ? endpoint + " unreachable; retrying with backoff" : endpoint;
        listener.accept(new SourceStatus(source, mapped, since, lastConfirmed, null, "gRPC " + endpoint, message));
        channel.notifyWhenStateChanged(state, this::watch);
    }
}
