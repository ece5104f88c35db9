package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Reports a gRPC channel's connectivity into a {@link SourceTracker}, asking the channel to
 * connect so that the state is known before the first command. gRPC itself reconnects with
 * exponential backoff and jitter while the channel is in TRANSIENT_FAILURE. Calls that succeed
 * confirm the source through the same tracker.
 */
public final class ChannelStatusWatcher {

    private final ManagedChannel channel;
    private final SourceTracker tracker;
    private final String endpoint;
    private final Runnable onReady;
    private ConnectivityState last;
    private boolean wasReady;

    /** Reports to {@code listener} through a tracker of its own. */
    public ChannelStatusWatcher(ManagedChannel channel, Source source, String endpoint, Consumer<SourceStatus> listener, Clock clock) {
        this(channel, new SourceTracker(source, "gRPC " + endpoint, listener, clock), endpoint, () -> {
        });
    }

    /**
     * @param onReady runs each time the channel becomes READY, the first time and after every
     *                reconnect (e.g. to probe capabilities again: the server may have changed)
     */
    public ChannelStatusWatcher(ManagedChannel channel, SourceTracker tracker, String endpoint, Runnable onReady) {
        this.channel = channel;
        this.tracker = tracker;
        this.endpoint = endpoint;
        this.onReady = onReady;
    }

    public SourceTracker tracker() {
        return tracker;
    }

    public void start() {
        watch();
    }

    private void watch() {
        ConnectivityState state;
        boolean becameReady = false;
        synchronized (this) {
            if (channel.isShutdown()) {
                tracker.down(endpoint + " closed", null);
                return;
            }
            state = channel.getState(true);
            if (state != last) {
                switch (state) {
                    case READY -> {
                        becameReady = true;
                        wasReady = true;
                        tracker.connected();
                    }
                    case CONNECTING, IDLE -> {
                        if (wasReady || tracker.everConfirmed()) {
                            tracker.reconnecting(endpoint + " connection lost; reconnecting", null);
                        } else {
                            tracker.connecting("connecting to " + endpoint);
                        }
                    }
                    case TRANSIENT_FAILURE -> tracker.reconnecting(endpoint + " unreachable; gRPC retries with exponential backoff", null);
                    case SHUTDOWN -> tracker.down(endpoint + " closed", null);
                }
                last = state;
            }
        }
        if (becameReady) {
            onReady.run();
        }
        if (state != ConnectivityState.SHUTDOWN) {
            channel.notifyWhenStateChanged(state, this::watch);
        }
    }
}
