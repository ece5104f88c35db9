package dev.watchkeeper.app;

import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.app.detail.DetailHistory;
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
    private final CommandService commands;
    private final RedisFleetReader reader;
    private final ManagedChannel coordinatorChannel;
    private final CoordinatorClient coordinator;
    private final Timeline clockTick;
    private final java.time.Duration poll;
    private final ReadOnlyObjectWrapper<EpochWindow> epochs = new ReadOnlyObjectWrapper<>(this, "epochs");
    private final ReadOnlyObjectWrapper<Capabilities> capabilities = new ReadOnlyObjectWrapper<>(this, "capabilities", Capabilities.detecting());
    private final ControlPlaneListener listener;
    private final HealthPoller health;
    /** Per-indexer history (transitions, health changes, progress samples) for the detail views. */
    private final DetailHistory history = new DetailHistory();
    private final EpochReader epochReader;

    /** Coordinator and Redis only: stream and executor health show as unknown, no epochs. */
    public ConsoleSession(String title, String coordinatorTarget, String redisUri, java.time.Duration poll, java.time.Duration deadline) {
        this(title, coordinatorTarget, redisUri, null, null, null, poll, deadline);
    }

    /**
     * @param blockStreamerTarget host:port of the block streamer, null when not configured
     * @param runnerTarget        host:port of the runner, null when not configured
     * @param namespace           the pooler snapshotter's namespace, null to skip epochs
     */
    public ConsoleSession(String title, String coordinatorTarget, String redisUri, String blockStreamerTarget, String runnerTarget,
                          String namespace, java.time.Duration poll, java.time.Duration deadline) {
        Clock clock = Clock.systemUTC();
        this.title = title;
        this.poll = poll;
        this.sources = new SourceStatusViewModel(clock.instant());

        // States, health and progress share one batcher: the fleet applies a pulse's worth at once.
        FxBatcher<Object> fleetData = new FxBatcher<>(items -> {
            fleet.applyAll(items);
            for (Object item : items) {
                switch (item) {
                    case StateBatch b -> history.accept(b);
                    case HealthBatch b -> history.accept(b);
                    case ProgressBatch b -> history.accept(b);
                    default -> { }
                }
            }
        });
        FxBatcher<SourceStatus> statuses = new FxBatcher<>(list -> list.forEach(s -> {
            sources.update(s);
            if (s.source() == Source.REDIS) {
                fleet.confirmed(s.lastConfirmed());
            }
        }));

        // Only the newest window and capabilities matter: older ones in the same pulse are dropped.
        FxBatcher<EpochWindow> epochBatcher = new FxBatcher<>(list -> epochs.set(list.getLast()));
        FxBatcher<Capabilities> capsBatcher = new FxBatcher<>(list -> capabilities.set(list.getLast()));
        listener = new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
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
        commands = new CommandService(coordinator, clock, java.time.Duration.ofSeconds(60));
        fleet.addRowListener(commands::stateChanged);
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

    /** What the connected coordinator (and the profile) allow. */
    public ReadOnlyObjectProperty<Capabilities> capabilities() {
        return capabilities.getReadOnlyProperty();
    }

    /** The console's clock, ticking once a second: bind ages and "time in state" to it. */
    public ReadOnlyObjectProperty<java.time.Instant> now() {
        return sources.nowProperty();
    }

    /** What detail views draw their timelines and charts from; fed on the FX thread with every batch. */
    public DetailHistory history() {
        return history;
    }

    /** The coordinator's channel (for the log stream of a detail view). */
    public ManagedChannel coordinatorChannel() {
        return coordinatorChannel;
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
        health.close();
        if (epochReader != null) {
            epochReader.close();
        }
        coordinator.close();
        coordinatorChannel.shutdownNow();
    }
}
