package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A simulated control plane writing to a given Redis: the coordinator (upstream IndexerManager
 * plus the IndexerOperations extension), block streamer and runner over gRPC on loopback, the
 * lifecycle loop behind them, a pooler snapshotter, and fault control. Embedded by the demo and
 * the tests; wrapped by {@link SimulatorMain} to run standalone.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final RedisWriter redis;
    private final Simulation simulation;
    private final PoolerSnapshotter pooler;
    private final CpuMonitor monitor;
    private final CoordinatorGate gate = new CoordinatorGate();
    private final Ports requested;
    private final Faults faults;
    private final List<Server> servers = new ArrayList<>();
    private final List<ScenarioRun> scenarios = new ArrayList<>();
    private final List<IncidentScenarioRun> incidents = new ArrayList<>();
    /** Optional read-only surfaces of upstream (logs in PostgreSQL, metrics over HTTP), closed first. */
    private final List<AutoCloseable> extras = new ArrayList<>();
    private volatile Server coordinator;
    /** The block streamer's and runner's APIs, which faults can take down and bring back. */
    private final WorkerApi blockStreamer;
    private final WorkerApi runner;
    private int coordinatorPort;
    private int blockStreamerPort;
    private int runnerPort;
    private int controlPort;
    private volatile Runnable redisRestarter;

    private ControlPlane(String redisUri, Ports ports, SimConfig config) {
        RedisURI uri = RedisURI.create(redisUri);
        this.requested = ports;
        this.redis = new RedisWriter(uri);
        this.simulation = new Simulation(config, redis);
        try {
            this.simulation.start();
            this.pooler = new PoolerSnapshotter(uri, config, simulation.fleetOrder());
        } catch (RuntimeException e) {
            simulation.close();
            redis.close();
            throw e;
        }
        this.monitor = new CpuMonitor(() -> simulation.changes().total());
        this.faults = new Faults(this);
        this.blockStreamer = new WorkerApi("block streamer", () -> new BlockStreamerService(simulation));
        this.runner = new WorkerApi("runner", () -> new RunnerService(simulation));
        this.redisRestarter = () -> restartForeignRedis(uri);
        monitor.onLog(() -> LOG.info("simulator: {}", stats()));
    }

    /** Starts on {@code redisUri}, serving the coordinator on {@code coordinatorPort} (0 = any free port) and the other services on free ports. */
    public static ControlPlane start(String redisUri, int coordinatorPort, SimConfig config) {
        return start(redisUri, Ports.any().withCoordinator(coordinatorPort), config);
    }

    public static ControlPlane start(String redisUri, Ports ports, SimConfig config) {
        ControlPlane plane = new ControlPlane(redisUri, ports, config);
        try {
            plane.serve();
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    private void serve() {
        if (requested.single()) {
            coordinator = bind(requested.coordinator(), coordinatorServices(), blockStreamer.service(), runner.service(),
                    new ControlService(faults, this));
            coordinatorPort = blockStreamerPort = runnerPort = controlPort = coordinator.getPort();
            return;
        }
        coordinator = bind(requested.coordinator(), coordinatorServices());
        coordinatorPort = coordinator.getPort();
        blockStreamerPort = blockStreamer.serve(requested.blockStreamer());
        runnerPort = runner.serve(requested.runner());
        controlPort = bind(requested.control(), new ControlService(faults, this)).getPort();
    }

    private Object[] coordinatorServices() {
        if (simulation.config().upstream()) {
            // upstream's coordinator serves indexer.IndexerManager only (coordinator/src/server/mod.rs):
            // the extension's calls end UNIMPLEMENTED
            return new Object[] {ServerInterceptors.intercept(new CoordinatorService(simulation), gate)};
        }
        return new Object[] {
            ServerInterceptors.intercept(new CoordinatorService(simulation), gate),
            ServerInterceptors.intercept(new OperationsService(simulation), gate),
        };
    }

    /**
     * A worker's API (block streamer or runner) that a fault can take away (its port closes; on a
     * shared port every call is UNAVAILABLE) and bring back on the same port. Its work goes on:
     * streams keep publishing, executors keep running; only the API is gone. Each is its own gRPC
     * server upstream (near/queryapi block-streamer/src/server/mod.rs: tonic Server::builder() on its
     * port; runner/src/server/index.ts, started by runner/src/index.ts), so one can be down while the
     * others answer. Taking it down is a fault the tests and the soak inject, not an upstream behaviour.
     */
    private final class WorkerApi {
        private final String name;
        private final java.util.function.Supplier<BindableService> implementation;
        private final CoordinatorGate gate = new CoordinatorGate();
        /** Null while down or when it shares the coordinator's port. */
        private Server server;
        private int port;

        WorkerApi(String name, java.util.function.Supplier<BindableService> implementation) {
            this.name = name;
            this.implementation = implementation;
        }

        io.grpc.ServerServiceDefinition service() {
            return ServerInterceptors.intercept(implementation.get(), gate);
        }

        /** Binds its own port (0: any free one); the port bound. */
        synchronized int serve(int requestedPort) {
            server = bind(requestedPort, service());
            port = server.getPort();
            return port;
        }

        synchronized void up(boolean up) {
            if (requested.single()) {
                gate.down(!up);
            } else if (!up && server != null) {
                Server s = server;
                server = null;
                retire(s);
            } else if (up && server == null) {
                server = bind(port, service());
            }
            LOG.info("{} {}", name, up ? "revived" : "killed");
        }

        synchronized boolean alive() {
            return requested.single() ? !gate.isDown() : server != null;
        }
    }

    private Server bind(int port, Object... services) {
        // Upstream's servers are plain tonic servers (coordinator/src/server/mod.rs: Server::builder().add_service(..).serve(addr),
        // no keep-alive settings): hyper's HTTP/2 answers client pings without gRPC-Java's ping policing. So do these, or a
        // console pinging an idle channel (Channels: keep-alive without calls) would be sent GOAWAY "too_many_pings".
        ServerBuilder<?> b = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .intercept(new InternalErrors());
        for (Object s : services) {
            if (s instanceof Object[] nested) {
                for (Object n : nested) {
                    b.addService((io.grpc.ServerServiceDefinition) n);
                }
            } else if (s instanceof BindableService bs) {
                b.addService(bs);
            } else {
                b.addService((io.grpc.ServerServiceDefinition) s);
            }
        }
        try {
            Server server = b.build().start();
            synchronized (servers) {
                servers.add(server);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    // ---- faults that need the servers ----

    synchronized void killCoordinator() {
        simulation.coordinatorAlive(false);
        if (requested.single()) {
            gate.down(true);
        } else if (coordinator != null) {
            Server s = coordinator;
            coordinator = null;
            retire(s);
        }
        LOG.info("coordinator killed");
    }

    synchronized void reviveCoordinator() {
        if (requested.single()) {
            gate.down(false);
        } else if (coordinator == null) {
            coordinator = bind(coordinatorPort, coordinatorServices());
        }
        simulation.coordinatorAlive(true);
        LOG.info("coordinator revived");
    }

    /** The block streamer's API goes away (false) or comes back on its port (true); its streams keep publishing. */
    void blockStreamerUp(boolean up) {
        blockStreamer.up(up);
    }

    /** The runner's API goes away (false) or comes back on its port (true); its executors keep running. */
    void runnerUp(boolean up) {
        runner.up(up);
    }

    boolean blockStreamerAlive() {
        return blockStreamer.alive();
    }

    boolean runnerAlive() {
        return runner.alive();
    }

    boolean coordinatorAlive() {
        return simulation.coordinatorAlive();
    }

    CoordinatorGate gate() {
        return gate;
    }

    Simulation simulation() {
        return simulation;
    }

    PoolerSnapshotter pooler() {
        return pooler;
    }

    /** The demo owns its Redis and restarts the real process; standalone, Redis is someone else's. */
    public void redisRestarter(Runnable r) {
        redisRestarter = r;
    }

    void restartRedis() {
        redisRestarter.run();
        simulation.resyncRedis();
    }

    /** Without owning the process: drop every client connection and every key, as a restart without persistence looks. */
    private static void restartForeignRedis(RedisURI uri) {
        try (RedisWriter w = new RedisWriter(uri)) {
            RedisWriter.await(List.of(w.async().flushall()));
            w.async().clientKill(io.lettuce.core.KillArgs.Builder.typeNormal());
        }
    }

    /** Plays a fault script; its times count from now and pass faster with the time factor. */
    public void play(Scenario scenario) {
        synchronized (scenarios) {
            scenarios.add(new ScenarioRun(this, scenario, simulation.config()));
        }
    }

    /**
     * Plays a named incident scenario (a lake outage, a runner host dying, a pooler RPC timeout)
     * starting {@code delay} of upstream time from now.
     *
     * @throws IllegalArgumentException when the fleet is too small for it
     */
    public void playIncident(IncidentScenario scenario, java.time.Duration delay, long seed) {
        synchronized (incidents) {
            incidents.add(IncidentScenarioRun.start(this, scenario, delay, seed));
        }
    }

    // ---- public API ----

    public int coordinatorPort() {
        return coordinatorPort;
    }

    public int blockStreamerPort() {
        return blockStreamerPort;
    }

    public int runnerPort() {
        return runnerPort;
    }

    public int controlPort() {
        return controlPort;
    }

    /** {@code host:port} of the coordinator's gRPC API (IndexerManager and IndexerOperations). */
    public String coordinatorTarget() {
        return "127.0.0.1:" + coordinatorPort;
    }

    public String blockStreamerTarget() {
        return "127.0.0.1:" + blockStreamerPort;
    }

    public String runnerTarget() {
        return "127.0.0.1:" + runnerPort;
    }

    /** {@code host:port} of {@code watchkeeper.sim.SimulatorControl}. */
    public String controlTarget() {
        return "127.0.0.1:" + controlPort;
    }

    public Faults faults() {
        return faults;
    }

    /** Every state JSON written, with its write time (in memory only). */
    public StateChangeLog stateChanges() {
        return simulation.changes();
    }

    public SimStats stats() {
        return new SimStats(simulation.registeredCount(), simulation.changes().total(), monitor.changesPerSecond(),
                monitor.processCpuLoad(), Runtime.getRuntime().availableProcessors(), pooler.currentEpoch(), simulation.churnRate());
    }

    /** Background churn in state changes per second (0 = off). */
    public void churn(double changesPerSecond) {
        simulation.churn(changesPerSecond);
    }

    /** Registered indexers in registration order (stable for a seed). */
    public List<IndexerId> indexers() {
        return simulation.registeredInFleetOrder();
    }

    /** Registered indexers now in {@code state}, in registration order (e.g. Running ones to break in a test). */
    public List<IndexerId> indexers(LifecycleState state) {
        return simulation.inState(state);
    }

    public Optional<LifecycleState> lifecycle(IndexerId id) {
        return Optional.ofNullable(simulation.lifecycle(id));
    }

    /** The block stream's processing state name (IDLE, RUNNING, WAITING, STALLED); empty without a stream. */
    public Optional<String> streamState(IndexerId id) {
        return Optional.ofNullable(simulation.streamState(id)).map(ProcessingState::name);
    }

    /** The executor's state name (RUNNING, FAILING, ...); empty without an executor. */
    public Optional<String> executorState(IndexerId id) {
        return Optional.ofNullable(simulation.executorState(id)).map(ExecutionState::name);
    }

    public String snapshotterNamespace() {
        return pooler.namespace();
    }

    /** The pooler's project IDs, indexer-tied ones first. */
    public List<String> snapshotterProjects() {
        return pooler.projects();
    }

    /** The snapshotter project that follows an indexer, when it has one. */
    public Optional<String> snapshotterProject(IndexerId id) {
        String p = ProjectCatalog.forIndexer(id);
        return pooler.projects().contains(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public void close() {
        synchronized (extras) {
            extras.forEach(ControlPlane::closeQuietly);
        }
        synchronized (scenarios) {
            scenarios.forEach(ScenarioRun::close);
        }
        synchronized (incidents) {
            incidents.forEach(IncidentScenarioRun::close);
        }
        synchronized (servers) {
            servers.forEach(ControlPlane::stop);
        }
        monitor.close();
        pooler.close();
        simulation.close();
        redis.close();
    }

    /**
     * Also writes the running indexers' logs and status to PostgreSQL as upstream's runner does
     * (at most {@code maxIndexers} of them), until closed.
     */
    public void writeLogsTo(SysLogsDatabase db, int maxIndexers) {
        synchronized (extras) {
            extras.add(new SysLogsPump(simulation, db, maxIndexers).start());
        }
    }

    /**
     * Also serves the block streamer's and runner's Prometheus {@code /metrics} on loopback with
     * upstream's metric names (0 = any free port); returns the server for its ports.
     */
    public WorkerMetricsServer serveMetrics(int blockStreamerPort, int runnerPort) {
        WorkerMetricsServer m = new WorkerMetricsServer(simulation, blockStreamerPort, runnerPort);
        synchronized (extras) {
            extras.add(m);
        }
        return m;
    }

    /** Also serves the pooler core API's submission reports on loopback (0 = any free port). */
    public PoolerCoreApiServer servePoolerApi(int port) {
        PoolerCoreApiServer api = new PoolerCoreApiServer(pooler, port);
        synchronized (extras) {
            extras.add(api);
        }
        return api;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", c, e.getMessage());
        }
    }

    /** Stops a server that a fault took down, and forgets it: each revival binds a new one. */
    private void retire(Server s) {
        synchronized (servers) {
            servers.remove(s);
        }
        stop(s);
    }

    private static void stop(Server s) {
        s.shutdownNow();
        try {
            s.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
