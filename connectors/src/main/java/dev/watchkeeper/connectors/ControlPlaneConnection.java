package dev.watchkeeper.connectors;

import dev.watchkeeper.connectors.grpc.BlockStreamerClient;
import dev.watchkeeper.connectors.grpc.CapabilityProbe;
import dev.watchkeeper.connectors.grpc.ChannelStatusWatcher;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.grpc.HealthPoller;
import dev.watchkeeper.connectors.grpc.RetryPolicy;
import dev.watchkeeper.connectors.grpc.RunnerClient;
import dev.watchkeeper.connectors.grpc.SourceTracker;
import dev.watchkeeper.connectors.commands.CommandGateway;
import dev.watchkeeper.connectors.commands.GrpcCommandGateway;
import dev.watchkeeper.connectors.logs.IndexerLogSource;
import dev.watchkeeper.connectors.logs.LogSources;
import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileException;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import io.grpc.ManagedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The console's one way into a control plane: everything one connection profile connects to,
 * started together and closed together. The Redis fleet and epoch readers, the coordinator's one
 * channel (its connection state, the one capability probe, commands and log streams) and the
 * block streamer/runner health poller. Observations go to one {@link ControlPlaneListener};
 * commands go through {@link #commands()}, log streams through {@link #logs}. The gRPC channel
 * never leaves this class.
 */
public final class ControlPlaneConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneConnection.class);

    private final ConnectionProfile profile;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final List<String> warnings = new ArrayList<>();
    private ManagedChannel coordinatorChannel;
    private GrpcCommandGateway commands;
    private CapabilityProbe probe;
    private SourceTracker coordinatorTracker;
    private SourceTracker streamTracker;
    private SourceTracker runnerTracker;
    private boolean hasBlockStreamer;
    private boolean hasRunner;
    private java.time.Instant openedAt;
    private volatile boolean closed;

    private ControlPlaneConnection(ConnectionProfile profile) {
        this.profile = profile;
    }

    /** Opens {@code profile} with ${ENV} references taken from the process environment. */
    public static ControlPlaneConnection open(ConnectionProfile profile, ControlPlaneListener listener) {
        return open(profile, listener, System::getenv, Clock.systemUTC());
    }

    /**
     * Opens {@code profile}. Returns at once; connections are made in the background and reported
     * through {@code listener.onStatus}.
     *
     * @throws ProfileException when the profile cannot be used as written (unset variable, unreadable
     *                          certificate file, invalid Redis URI); nothing is left running then
     */
    public static ControlPlaneConnection open(ConnectionProfile profile, ControlPlaneListener listener,
                                              Function<String, String> env, Clock clock) {
        ConnectionProfile resolved = profile.resolve(env);
        ControlPlaneConnection c = new ControlPlaneConnection(profile);
        try {
            c.start(resolved, listener, clock);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e instanceof ProfileException ? e : new ProfileException("profile '" + profile.name() + "': " + e.getMessage(), e);
        }
    }

    private void start(ConnectionProfile p, ControlPlaneListener listener, Clock clock) {
        String redisProblem = p.redis().validationError();
        if (redisProblem != null) {
            throw new ProfileException("profile '" + profile.name() + "': Redis settings unusable: " + redisProblem);
        }
        warnings.addAll(p.securityWarnings());
        warnings.forEach(w -> LOG.warn("profile '{}': {}", profile.name(), w));
        Endpoint ce = p.coordinator();

        coordinatorChannel = channel(ce, "coordinator");
        coordinatorTracker = new SourceTracker(Source.COORDINATOR, "gRPC " + ce.target(), listener::onStatus, clock);
        commands = new GrpcCommandGateway(coordinatorChannel, ce.deadline(), p.readOnly());
        probe = new CapabilityProbe(coordinatorChannel, ce.target(), ce.deadline(), coordinatorTracker, p.readOnly(), listener::onCapabilities);
        closeables.push(probe);
        listener.onCapabilities(probe.current());
        // probe now (a refusal, e.g. by TLS, is only seen through a call) and whenever the channel
        // becomes ready: a coordinator that comes back may be another build
        // (gRPC hides its own reconnect schedule: the watcher drives reconnection on ours and reports the next try)
        ChannelStatusWatcher watcher = new ChannelStatusWatcher(coordinatorChannel, coordinatorTracker, ce.target(), probe::probe,
                clock, new Backoff(ChannelStatusWatcher.FIRST_RETRY, ChannelStatusWatcher.MAX_RETRY));
        closeables.push(watcher);
        watcher.start();
        probe.probe();

        openedAt = clock.instant();
        hasBlockStreamer = p.blockStreamer() != null;
        hasRunner = p.runner() != null;
        streamTracker = new SourceTracker(Source.BLOCK_STREAMER, mode(p), listener::onStatus, clock);
        runnerTracker = new SourceTracker(Source.RUNNER, mode(p), listener::onStatus, clock);
        BlockStreamerClient blockStreamer = null;
        RunnerClient runner = null;
        if (p.blockStreamer() != null) {
            Endpoint e = p.blockStreamer();
            blockStreamer = new BlockStreamerClient(channel(e, "block streamer"), e.target(), e.deadline(), false, streamTracker, RetryPolicy.IDEMPOTENT);
        }
        if (p.runner() != null) {
            Endpoint e = p.runner();
            runner = new RunnerClient(channel(e, "runner"), e.target(), e.deadline(), false, runnerTracker, RetryPolicy.IDEMPOTENT);
        }
        HealthPoller poller = new HealthPoller(blockStreamer, runner, p.healthPollInterval(), listener, clock, streamTracker, runnerTracker);
        closeables.push(poller);
        poller.start();

        RedisFleetReader reader = new RedisFleetReader(p.redis(), listener, clock);
        closeables.push(reader);
        reader.start();
        // pooler epochs (and the liveness keys of the profile's snapshotter namespace)
        EpochReader epochs = new EpochReader(p.redis(), listener, clock);
        closeables.push(epochs);
        epochs.start();
    }

    private static String mode(ConnectionProfile p) {
        long ms = p.healthPollInterval().toMillis();
        return "polling every " + (ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0));
    }

    private ManagedChannel channel(Endpoint e, String what) {
        Channels.Built built;
        try {
            built = Channels.build(e);
        } catch (IllegalArgumentException ex) {
            throw new ProfileException("profile '" + profile.name() + "' " + what + ": " + ex.getMessage(), ex);
        }
        ManagedChannel channel = built.channel();
        closeables.push(() -> Channels.close(channel));
        return channel;
    }

    /** The profile as opened (with its ${ENV} references, not their values). */
    public ConnectionProfile profile() {
        return profile;
    }

    /**
     * Suspend/Unsuspend (upstream Disable/Enable) and Repair/Restart/Delete (operator extension) on
     * the coordinator, each with the profile's deadline; check {@link #capabilities()} first.
     */
    public CommandGateway commands() {
        return commands;
    }

    /**
     * Where an indexer's log lines come from on this connection: the coordinator's Logs stream
     * (operator extension), else the runner's sys_logs in the PostgreSQL {@code o} names (see
     * {@link LogSources}). The coordinator channel stays inside the connection.
     */
    public IndexerLogSource logs(ObservabilitySettings o) {
        return LogSources.of(coordinatorChannel, o, profile.coordinator().deadline());
    }

    /**
     * The connection state of each gRPC source as last tracked: coordinator, block streamer and
     * runner (the latter two NOT_CONFIGURED when the profile has none). Also delivered through the listener.
     */
    public Map<Source, SourceStatus> health() {
        Map<Source, SourceStatus> m = new EnumMap<>(Source.class);
        m.put(Source.COORDINATOR, coordinatorTracker.current());
        // the poller reports an endpoint the profile lacks as not configured, without a tracker
        m.put(Source.BLOCK_STREAMER, hasBlockStreamer ? streamTracker.current() : SourceStatus.notConfigured(Source.BLOCK_STREAMER, openedAt));
        m.put(Source.RUNNER, hasRunner ? runnerTracker.current() : SourceStatus.notConfigured(Source.RUNNER, openedAt));
        return m;
    }

    /** What the coordinator supports as last probed (also delivered through the listener). */
    public Capabilities capabilities() {
        return probe.current();
    }

    /**
     * Security warnings to show with this connection, one sentence each (plaintext gRPC or Redis to
     * a host that is not this machine); see {@link ConnectionProfile#securityWarnings()}.
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Stops every reader, poller and channel and waits for their threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.warn("closing part of the connection to profile '{}' failed: {}", profile.name(), e.toString());
            }
        }
    }
}
