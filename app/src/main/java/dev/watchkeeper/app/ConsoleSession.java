package dev.watchkeeper.app;

import dev.watchkeeper.app.audit.AuditViewModel;
import dev.watchkeeper.app.commands.CommandModule;
import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.app.detail.DetailHistory;
import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.status.SourceStatusViewModel;
import dev.watchkeeper.app.ui.FxBatcher;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.grpc.ChannelStatusWatcher;
import dev.watchkeeper.connectors.grpc.BlockStreamerClient;
import dev.watchkeeper.connectors.grpc.CoordinatorClient;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.grpc.HealthPoller;
import dev.watchkeeper.connectors.grpc.RunnerClient;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.epoch.EpochWindow;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditLog;
import io.grpc.ManagedChannel;
import io.lettuce.core.RedisURI;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

import java.time.Clock;

/**
 * One connection of the console to a control plane: the connectors, and the view models they
 * feed. Connector threads hand their results to the FX thread through batchers, once per pulse.
 * Create and close on the FX thread.
 */
public final class ConsoleSession implements AutoCloseable {

    private final String title;
    private final FleetViewModel fleet = new FleetViewModel();
    private final SourceStatusViewModel sources;
    private final CommandModule commandModule;
    private final CommandService commands;
    private final AuditViewModel audit;
    private final RedisFleetReader reader;
    private final ManagedChannel coordinatorChannel;
    private final CoordinatorClient coordinator;
    private final Timeline clockTick;
    private final java.time.Duration poll;
    private final ReadOnlyObjectWrapper<EpochWindow> epochs = new ReadOnlyObjectWrapper<>(this, "epochs");
    private final ReadOnlyObjectWrapper<Capabilities> capabilities = new ReadOnlyObjectWrapper<>(this, "capabilities", Capabilities.detecting());
    private final ControlPlaneListener listener;
    /** Per-indexer history for the detail views, fed the same batches as the fleet. */
    private final DetailHistory detailHistory = new DetailHistory();
    private final EpochTimelineViewModel epochTimeline = new EpochTimelineViewModel();
    private final HealthPoller health;
    private final EpochReader epochReader;

    /** Coordinator and Redis only: stream and executor health show as unknown, no epochs. */
    public ConsoleSession(String title, String coordinatorTarget, String redisUri, java.time.Duration poll, java.time.Duration deadline) {
        this(title, coordinatorTarget, redisUri, null, null, null, poll, deadline);
    }

    /** Coordinator and Redis only, with the audit log commands are appended to (tests pass one in a temporary directory). */
    public ConsoleSession(String title, String coordinatorTarget, String redisUri, java.time.Duration poll, java.time.Duration deadline,
                          AuditLog auditLog) {
        this(title, coordinatorTarget, redisUri, null, null, null, poll, deadline, auditLog);
    }

    /**
     * @param blockStreamerTarget host:port of the block streamer, null when not configured
     * @param runnerTarget        host:port of the runner, null when not configured
     * @param namespace           the pooler snapshotter's namespace, null to skip epochs
     */
    public ConsoleSession(String title, String coordinatorTarget, String redisUri, String blockStreamerTarget, String runnerTarget,
                          String namespace, java.time.Duration poll, java.time.Duration deadline) {
        this(title, coordinatorTarget, redisUri, blockStreamerTarget, runnerTarget, namespace, poll, deadline, AuditLog.atDefaultLocation());
    }

    /** As above, appending commands to {@code auditLog}. */
    public ConsoleSession(String title, String coordinatorTarget, String redisUri, String blockStreamerTarget, String runnerTarget,
                          String namespace, java.time.Duration poll, java.time.Duration deadline, AuditLog auditLog) {
        Clock clock = Clock.systemUTC();
        this.title = title;
        this.poll = poll;
        this.sources = new SourceStatusViewModel(clock.instant());

        // States, health and progress share one batcher: the fleet applies a pulse's worth at once,
        // and the detail history records the same batches.
        FxBatcher<Object> fleetData = new FxBatcher<>(list -> {
            fleet.applyAll(list);
            detailHistory.acceptAll(list);
        });
        FxBatcher<SourceStatus> statuses = new FxBatcher<>(list -> list.forEach(s -> {
            sources.update(s);
            if (s.source() == Source.REDIS) {
                fleet.confirmed(s.lastConfirmed());
            }
        }));

        epochs.addListener((obs, old, window) -> {
            if (window != null) {
                epochTimeline.update(window);
            }
        });
        // Only the newest window and capabilities matter: older ones in the same pulse are dropped.
        FxBatcher<EpochWindow> epochBatcher = new FxBatcher<>(list -> epochs.set(list.getLast()));
        FxBatcher<Capabilities> capsBatcher = new FxBatcher<>(list -> capabilities.set(list.getLast()));
        listener = new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                // Commands confirm against the state as soon as it is observed, off the FX thread.
                commandModule.observed().onStates(batch);
                fleetData.offer(batch);
            }

            @Override
            public void onHealth(HealthBatch batch) {
                fleetData.offer(batch);
            }

            @Override
            public void onProgress(ProgressBatch batch) {
                fleetData.offer(batch);
            }

            @Override
            public void onEpochs(EpochWindow window) {
                epochBatcher.offer(window);
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.offer(status);
            }

            @Override
            public void onCapabilities(Capabilities caps) {
                capsBatcher.offer(caps);
            }
        };

        coordinatorChannel = Channels.plaintext(coordinatorTarget);
        coordinator = new CoordinatorClient(coordinatorChannel, coordinatorTarget, deadline, false);
        commandModule = new CommandModule(coordinatorChannel, deadline, auditLog, title);
        commands = commandModule.service();
        // Capabilities detected by the connectors (when a connection reports them) win over the module's own probe.
        capabilities.addListener((obs, old, caps) -> {
            if (caps != null && !caps.equals(Capabilities.detecting())) {
                commands.capabilitiesProperty().set(caps);
            }
        });
        audit = new AuditViewModel(auditLog, clock).start(1000);
        new ChannelStatusWatcher(coordinatorChannel, Source.COORDINATOR, coordinatorTarget, statuses::offer, clock).start();

        reader = new RedisFleetReader(RedisURI.create(redisUri), poll, listener, clock);
        reader.start();

        BlockStreamerClient streamer = blockStreamerTarget == null ? null
                : BlockStreamerClient.open(Endpoint.plaintext(blockStreamerTarget).withDeadline(deadline));
        RunnerClient runner = runnerTarget == null ? null : RunnerClient.open(Endpoint.plaintext(runnerTarget).withDeadline(deadline));
        health = new HealthPoller(streamer, runner, poll.compareTo(java.time.Duration.ofSeconds(2)) < 0 ? java.time.Duration.ofSeconds(2) : poll,
                listener, clock);
        health.start();
        if (namespace != null) {
            // Only the epochs: the fleet reader's Redis status is the one the status bar shows.
            epochReader = new EpochReader(RedisSettings.of(redisUri).withPollInterval(poll).withNamespace(namespace), new ControlPlaneListener() {
                @Override
                public void onEpochs(EpochWindow window) {
                    epochBatcher.offer(window);
                }
            }, clock);
            epochReader.start();
        } else {
            epochReader = null;
        }

        clockTick = new Timeline(new KeyFrame(Duration.seconds(1), e -> sources.tick(clock.instant())));
        clockTick.setCycleCount(Timeline.INDEFINITE);
        clockTick.play();
    }

    public String title() {
        return title;
    }

    public FleetViewModel fleet() {
        return fleet;
    }

    public SourceStatusViewModel sources() {
        return sources;
    }

    public CommandService commands() {
        return commands;
    }

    /** The audit log as the Audit view shows it. */
    public AuditViewModel auditViewModel() {
        return audit;
    }

    /**
     * What connectors deliver to this session, from any thread: states, health, progress, epochs,
     * source statuses, capabilities. Each kind reaches the view models on the FX thread, once per pulse.
     */
    public ControlPlaneListener listener() {
        return listener;
    }

    /** The newest epoch window (null until the snapshotter's Redis keys were read). */
    public ReadOnlyObjectProperty<EpochWindow> epochs() {
        return epochs.getReadOnlyProperty();
    }

    /** What the console has seen of each indexer over time (detail views). */
    public DetailHistory detailHistory() {
        return detailHistory;
    }

    /** The epoch timeline's view model, fed every new epoch window. */
    public EpochTimelineViewModel epochTimeline() {
        return epochTimeline;
    }

    /** The coordinator's channel (the detail views' log streams use it). */
    public ManagedChannel coordinatorChannel() {
        return coordinatorChannel;
    }

    /** What the connected coordinator (and the profile) allow. */
    public ReadOnlyObjectProperty<Capabilities> capabilities() {
        return capabilities.getReadOnlyProperty();
    }

    /** The console's clock, ticking once a second: bind ages and "time in state" to it. */
    public ReadOnlyObjectProperty<java.time.Instant> now() {
        return sources.nowProperty();
    }

    public java.time.Duration pollInterval() {
        return poll;
    }

    /**
     * Redis data counts as stale after twice its refresh interval (heartbeat 1 s, or the poll
     * interval). A gRPC source has no data age of its own: its channel state is the live signal.
     */
    public long staleAfterSeconds(Source source) {
        return source == Source.REDIS ? Math.max(3, 2 * Math.max(1, poll.toSeconds())) : Long.MAX_VALUE / 2;
    }

    @Override
    public void close() {
        clockTick.stop();
        reader.close();
        commandModule.close();
        audit.close();
        health.close();
        if (epochReader != null) {
            epochReader.close();
        }
        coordinator.close();
        coordinatorChannel.shutdownNow();
    }
}
