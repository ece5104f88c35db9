package dev.watchkeeper.app;

import dev.watchkeeper.app.audit.AuditViewModel;
import dev.watchkeeper.app.commands.CommandModule;
import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.app.detail.DetailHistory;
import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.history.SessionHistory;
import dev.watchkeeper.app.status.SourceStatusViewModel;
import dev.watchkeeper.app.ui.BackgroundTask;
import dev.watchkeeper.app.ui.FxBatcher;
import dev.watchkeeper.app.ui.FxTicker;
import dev.watchkeeper.app.ui.TaskExecutor;
import dev.watchkeeper.connectors.ControlPlaneConnection;
import dev.watchkeeper.connectors.commands.CommandGateway;
import dev.watchkeeper.connectors.commands.SendOutcome;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.HealthListings;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.epoch.EpochWindow;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditLog;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * One connection of the console to a control plane: the connectors, and the view models they
 * feed. Connector threads hand their results to the FX thread through batchers, once per pulse.
 * Create and close on the FX thread.
 */
public final class ConsoleSession implements AutoCloseable {

    private final String title;
    private final FleetViewModel fleet = new FleetViewModel();
    private final SourceStatusViewModel sources;
    private final ConnectionProfile profile;
    private final ControlPlaneConnection connection;
    private final CommandModule commandModule;
    private final CommandService commands;
    private final AuditViewModel audit;
    private final FxTicker clockTick;
    private final java.time.Duration poll;
    private final ReadOnlyObjectWrapper<EpochWindow> epochs = new ReadOnlyObjectWrapper<>(this, "epochs");
    private final ReadOnlyObjectWrapper<Capabilities> capabilities = new ReadOnlyObjectWrapper<>(this, "capabilities", Capabilities.detecting());
    private final dev.watchkeeper.app.workers.WorkerFiguresModel workers = new dev.watchkeeper.app.workers.WorkerFiguresModel();
    /** The pooler core API's submission reports when the profile names its URL; null otherwise. */
    private final dev.watchkeeper.app.submissions.SubmissionsModel submissions;
    /** Scrapes the workers' /metrics when the profile names them; null otherwise. */
    private final AutoCloseable metricsScraper;
    private final ControlPlaneListener listener;
    /** Per-indexer history for the detail views, fed the same batches as the fleet. */
    private final DetailHistory detailHistory = new DetailHistory();
    private final EpochTimelineViewModel epochTimeline = new EpochTimelineViewModel();
    /** Records into and reads the profile's history store; null when the session keeps no history. */
    private final SessionHistory history;

    /**
     * A profile from launch options (plaintext endpoints, no secrets), named {@code name}. Health is
     * polled no faster than every 2 s.
     */
    public static ConnectionProfile adHocProfile(String name, String coordinatorTarget, String redisUri, String blockStreamerTarget,
                                                 String runnerTarget, String namespace, java.time.Duration poll,
                                                 java.time.Duration deadline, boolean readOnly) {
        java.time.Duration healthPoll = poll.compareTo(java.time.Duration.ofSeconds(2)) < 0 ? java.time.Duration.ofSeconds(2) : poll;
        return new ConnectionProfile(name,
                Endpoint.plaintext(coordinatorTarget).withDeadline(deadline == null ? Endpoint.DEFAULT_DEADLINE : deadline),
                blockStreamerTarget == null ? null : Endpoint.plaintext(blockStreamerTarget).withDeadline(deadline == null ? Endpoint.DEFAULT_DEADLINE : deadline),
                runnerTarget == null ? null : Endpoint.plaintext(runnerTarget).withDeadline(deadline == null ? Endpoint.DEFAULT_DEADLINE : deadline),
                new RedisSettings(redisUri, poll, namespace),
                healthPoll, readOnly, false);
    }

    /** A profile for every endpoint of the built-in demo: coordinator, Redis, block streamer, runner, pooler namespace. */
    public static ConnectionProfile demoProfile(DemoStack demo, String name, java.time.Duration poll, java.time.Duration deadline) {
        return adHocProfile(name, demo.coordinatorTarget(), demo.redisUri(), demo.blockStreamerTarget(), demo.runnerTarget(),
                demo.snapshotterNamespace(), poll, deadline, false);
    }

    /**
     * Connects through {@code profile} (its TLS, tokens, Redis settings and read-only flag apply).
     *
     * @throws dev.watchkeeper.connectors.profile.ProfileException when the profile cannot be used as written
     */
    public ConsoleSession(ConnectionProfile profile, AuditLog auditLog) {
        this(profile, auditLog, CommandModule.CONFIRM_TIMEOUT);
    }

    /**
     * As above; a command not confirmed by the observed state within {@code confirmTimeout} fails (--timeout).
     */
    public ConsoleSession(ConnectionProfile profile, AuditLog auditLog, java.time.Duration confirmTimeout) {
        this(profile, auditLog, confirmTimeout, null);
    }

    /**
     * As above, recording what the session observes into the history store at {@code historyStore}
     * (null: no history; the time bar is then not shown).
     */
    public ConsoleSession(ConnectionProfile profile, AuditLog auditLog, java.time.Duration confirmTimeout,
                          dev.watchkeeper.history.StoreLocation historyStore) {
        Clock clock = Clock.systemUTC();
        this.history = historyStore == null ? null : new SessionHistory(historyStore, auditLog, profile.name(), true, clock);
        this.title = profile.name();
        this.profile = profile;
        this.poll = profile.redis().pollInterval();
        this.sources = new SourceStatusViewModel(clock.instant());

        // States, health and progress share one batcher: the fleet applies a pulse's worth at once,
        // and the detail history records the same batches.
        FxBatcher<Object> fleetData = new FxBatcher<>(list -> {
            // behind by several pulses: superseded health listings and progress readings are folded first
            java.util.List<Object> items = dev.watchkeeper.model.FleetBatches.coalesce(list);
            fleet.applyAll(items);
            detailHistory.acceptAll(items);
        });
        HealthListings healthListings = new HealthListings();
        FxBatcher<SourceStatus> statuses = new FxBatcher<>(list -> list.forEach(s -> {
            sources.update(s);
            fleet.sourceStatus(s);
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
        // the newest epochs, read first at connect: only the timeline shows them, until the first whole window
        FxBatcher<NewestEpochs> newestBatcher = new FxBatcher<>(list -> {
            if (epochs.get() == null) {
                epochTimeline.first(list.getLast().window(), list.getLast().olderToCome());
            }
        });
        FxBatcher<Capabilities> capsBatcher = new FxBatcher<>(list -> capabilities.set(list.getLast()));
        // Commands go out through the connection opened below; they confirm against every state
        // batch the connection reads, from the first one on.
        commandModule = new CommandModule(new CommandGateway() {
            @Override
            public CompletableFuture<SendOutcome> send(CommandKind kind, IndexerId id, String reason) {
                return ConsoleSession.this.connection.commands().send(kind, id, reason);
            }

            @Override
            public String refusal() {
                // a read-only profile's connection refuses every command (and says so in the audit log)
                return ConsoleSession.this.connection == null ? null : ConsoleSession.this.connection.commands().refusal();
            }
        }, auditLog, profile.name(), confirmTimeout);
        commands = commandModule.service();
        commands.readOnlyProperty().set(profile.readOnly());
        capabilities.addListener((obs, old, caps) -> commands.capabilitiesProperty().set(caps));
        listener = new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                // Commands confirm against the state as soon as it is observed, off the FX thread.
                commandModule.observed().onStates(batch);
                fleetData.offer(batch);
                if (history != null) {
                    history.onStates(batch);
                }
            }

            @Override
            public void onHealth(HealthBatch batch) {
                // a full listing is compared with the one before it here, on the poller's thread, and
                // from here on holds the previous listing's objects where they still say the same
                dev.watchkeeper.model.HealthListing listing = batch.full() ? healthListings.of(batch) : null;
                fleetData.offer(listing != null ? listing : batch);
                if (history != null) {
                    history.onHealth(listing != null ? listing.batch() : batch);
                }
            }

            @Override
            public void onProgress(ProgressBatch batch) {
                fleetData.offer(batch);
                if (history != null) {
                    history.onProgress(batch);
                }
            }

            @Override
            public void onNewestEpochs(EpochWindow newest, int olderToCome) {
                newestBatcher.offer(new NewestEpochs(newest, olderToCome));
            }

            @Override
            public void onEpochs(EpochWindow window) {
                epochBatcher.offer(window);
                if (history != null) {
                    history.onEpochs(window);
                }
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.offer(status);
                if (history != null) {
                    history.onStatus(status);
                }
            }

            @Override
            public void onCapabilities(Capabilities caps) {
                capsBatcher.offer(caps);
            }
        };

        try {
            connection = ControlPlaneConnection.open(profile, listener);
        } catch (RuntimeException e) {
            commandModule.close();
            if (history != null) {
                history.close();
            }
            throw e;
        }
        sources.securityWarnings().setAll(connection.warnings());
        metricsScraper = dev.watchkeeper.app.workers.WorkerMetricsFeed.start(profile, sources::update, workers::accept);
        submissions = poolerApi(profile);
        fleet.coordinatorProperty().set(commands.capabilitiesProperty().get().coordinator());
        commands.capabilitiesProperty().addListener((obs, old, caps) -> fleet.coordinatorProperty().set(caps.coordinator()));
        audit = new AuditViewModel(auditLog, clock).start(1000);

        clockTick = FxTicker.every(java.time.Duration.ofSeconds(1), () -> sources.tick(clock.instant()));
    }

    /** The profile this session connected with (${ENV} references unexpanded). */
    public ConnectionProfile profile() {
        return profile;
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

    /** The profile's history store this session records into and reads, or null when it keeps none. */
    public SessionHistory history() {
        return history;
    }

    /** The epoch timeline's view model, fed every new epoch window. */
    public EpochTimelineViewModel epochTimeline() {
        return epochTimeline;
    }

    /**
     * Where detail views read logs: the coordinator's Logs stream (operator extension), else the
     * runner's sys_logs in the profile's PostgreSQL, else a message naming that setting.
     */
    public dev.watchkeeper.connectors.logs.IndexerLogSource logSource() {
        dev.watchkeeper.connectors.profile.ObservabilitySettings o;
        try {
            o = profile.resolve(System::getenv).observability();
        } catch (RuntimeException e) {
            // an unset ${ENV} reference: the connection itself reports it; logs then fall back to the message
            o = dev.watchkeeper.connectors.profile.ObservabilitySettings.NONE;
        }
        return connection.logs(o);
    }

    /** The workers' metrics with their history and failure-rate jumps (FX thread). */
    public dev.watchkeeper.app.workers.WorkerFiguresModel workers() {
        return workers;
    }

    private static dev.watchkeeper.app.submissions.SubmissionsModel poolerApi(ConnectionProfile profile) {
        try {
            var o = profile.resolve(System::getenv).observability();
            return o.poolerApiUrl() == null ? null
                    : new dev.watchkeeper.app.submissions.SubmissionsModel(java.net.URI.create(o.poolerApiUrl()), o.metricsInterval(),
                    profile.coordinator().deadline());
        } catch (RuntimeException e) {
            // an unset ${ENV} reference or a bad URL: the epochs view then shows no submissions panel
            return null;
        }
    }

    /** The pooler's submission reports, or null when the profile names no core API. */
    public dev.watchkeeper.app.submissions.SubmissionsModel submissions() {
        return submissions;
    }

    /** Whether the profile names a block streamer or runner metrics endpoint. */
    public boolean metricsConfigured() {
        return profile.observability().hasMetrics();
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

    /** Stops the session; waits for the connection's threads. Call on the FX thread. */
    @Override
    public void close() {
        closeViews();
        connection.close();
        closeHistory();
    }

    /** Ends recording: the last batch committed and the recorder's session closed, so the next start sees no crash. */
    private void closeHistory() {
        if (history == null) {
            return;
        }
        history.close();
        try {
            history.awaitClosed(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the session's FX side now and closes the connection on a background thread, so that
     * the window stays responsive while readers and channels wind down (profile switches).
     */
    public void closeInBackground() {
        closeViews();
        BackgroundTask.wrap("close-" + profile.name(), () -> {
            connection.close();
            closeHistory();
        }).executeWith(TaskExecutor.fx());
    }

    private void closeViews() {
        clockTick.close();
        if (submissions != null) {
            submissions.close();
        }
        if (metricsScraper != null) {
            try {
                metricsScraper.close();
            } catch (Exception ignored) {
                // the scraper's thread ends with it; nothing else to release
            }
        }
        commandModule.close();
        audit.close();
    }

    /** The newest epochs of a window still being read, and how many older ones are to come. */
    private record NewestEpochs(EpochWindow window, int olderToCome) {
    }
}
