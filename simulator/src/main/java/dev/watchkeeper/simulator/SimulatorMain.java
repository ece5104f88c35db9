package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.logs.PgLogServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulated control plane standalone, for rehearsals against a Redis of the operator's
 * choice. Options are listed by {@code --help} and in simulator/README.md.
 */
public final class SimulatorMain {

    static final String USAGE = """
            simulator [options]
              --redis URI               Redis to write to (default redis://127.0.0.1:6379)
              --indexers N              fleet size (default 200)
              --seed S                  seed of every random choice (default 42)
              --time-factor F           simulated time runs F times faster than upstream's (default 1)
              --scenario FILE           fault script to play (see README)
              --chaos-rate R            random faults per second, seeded by --chaos-seed (default off)
              --chaos-seed S            seed of the chaos sequence (default: --seed)
              --churn R                 background lifecycle changes per second (default 0)
              --projects N              pooler snapshotter projects per epoch (default 300)
              --epoch-interval SECONDS  upstream time between epochs (default 30)
              --namespace NS            pooler snapshotter namespace (default UNISWAPV2)
              --suspended-share X       share of indexers that start suspended (default 0.1)
              --publish-budget N        Redis commands per second for block streams (default 20000)
              --coordinator-port P      coordinator gRPC port (default 9003)
              --block-streamer-port P   block streamer gRPC port (default 8002)
              --runner-port P           runner gRPC port (default 7001)
              --control-port P          fault control gRPC port (default 9004)
              --single-port             serve every service on the coordinator port
              --upstream                behave exactly as upstream QueryAPI does, bugs included: no operator
                                        extension, Deleting kept forever, the blocking 600-s restart
              --pooler-per-project      the pooler writes one HSET per project as each finishes a state,
                                        and failed bulk builds as {task_type}:{namespace} (as upstream;
                                        on with --upstream)
              --pooler-older-build      the pooler also writes SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT before
                                        SNAPSHOT_FINALIZE (builds of August 2023)
              --logs-db postgresql://USER:PASSWORD@HOST:PORT
                                        also write running indexers' logs and status to PostgreSQL as the
                                        upstream runner does (a database per account, upstream's DDL)
              --logs-db-indexers N      how many running indexers log there (default 50)
              --block-streamer-metrics-port P
                                        serve the block streamer's Prometheus /metrics on P (upstream: 9180)
              --runner-metrics-port P   serve the runner's Prometheus /metrics on P (upstream: 9180 on its host)
              --pooler-api-port P       serve the pooler core API's submission reports on P
              --help                    this text
            """;

    private SimulatorMain() {
    }

    /** Parsed command line. */
    record Options(String redis, SimConfig config, Ports ports, Path scenario, double chaosRate, long chaosSeed, Surfaces surfaces) {
    }

    /** Upstream's optional read-only surfaces to simulate as well; null fields are off. */
    record Surfaces(String logsDb, int logsDbIndexers, Integer blockStreamerMetricsPort, Integer runnerMetricsPort, Integer poolerApiPort) {
        static final Surfaces NONE = new Surfaces(null, 50, null, null, null);

        Surfaces withPoolerApiPort(int port) {
            return new Surfaces(logsDb, logsDbIndexers, blockStreamerMetricsPort, runnerMetricsPort, port);
        }
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.print(USAGE);
            return;
        }
        Scenario scenario;
        try {
            scenario = o.scenario() == null ? null : Scenario.read(o.scenario());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("simulator: scenario " + o.scenario() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        ControlPlane plane;
        try {
            plane = ControlPlane.start(o.redis(), o.ports(), o.config());
        } catch (RuntimeException e) {
            // e.g. Redis unreachable or a port taken: one clear line, not a stack trace
            System.err.println("simulator: cannot start on " + o.redis() + ": " + rootMessage(e));
            System.exit(1);
            return;
        }
        if (o.surfaces().logsDb() != null) {
            PgLogServer pg = PgLogServer.parse(o.surfaces().logsDb(), "postgres", null);
            plane.writeLogsTo(new SysLogsDatabase(pg.jdbcUrl("postgres"), pg.user(), pg.password()), o.surfaces().logsDbIndexers());
            System.out.println("simulator: writing logs of up to " + o.surfaces().logsDbIndexers() + " indexers to " + pg.address());
        }
        Surfaces sf = o.surfaces();
        if (sf.poolerApiPort() != null) {
            System.out.println("simulator: pooler core API on http://127.0.0.1:" + plane.servePoolerApi(sf.poolerApiPort()).port());
        }
        if (sf.blockStreamerMetricsPort() != null || sf.runnerMetricsPort() != null) {
            int bsPort = sf.blockStreamerMetricsPort() == null ? 0 : sf.blockStreamerMetricsPort();
            int rPort = sf.runnerMetricsPort() == null ? 0 : sf.runnerMetricsPort();
            WorkerMetricsServer m = plane.serveMetrics(bsPort, rPort);
            System.out.println("simulator: metrics on http://127.0.0.1:" + m.blockStreamerPort() + "/metrics (block streamer), http://127.0.0.1:"
                    + m.runnerPort() + "/metrics (runner)");
        }
        if (scenario != null) {
            plane.play(scenario);
        }
        if (o.chaosRate() > 0) {
            plane.faults().chaos(o.chaosSeed(), o.chaosRate());
        }
        System.out.printf("simulator: %d indexers on %s; coordinator %s, block streamer %s, runner %s, control %s; time factor %s%n",
                o.config().indexers(), o.redis(), plane.coordinatorTarget(), plane.blockStreamerTarget(), plane.runnerTarget(),
                plane.controlTarget(), o.config().timeFactor());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            plane.close();
            done.countDown();
        }));
        done.await();
    }

    /** The options, or null for --help; IllegalArgumentException for anything wrong. */
    static Options parse(String[] args) {
        String redis = "redis://127.0.0.1:6379";
        SimConfig config = SimConfig.defaults();
        Ports ports = Ports.upstream();
        boolean single = false;
        Path scenario = null;
        double chaosRate = 0;
        Long chaosSeed = null;
        Surfaces surfaces = Surfaces.NONE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (a.equals("--single-port")) {
                single = true;
                continue;
            }
            if (a.equals("--upstream")) {
                config = config.withUpstream(true);
                continue;
            }
            if (a.equals("--pooler-per-project")) {
                config = config.withPoolerPerProjectWrites(true);
                continue;
            }
            if (a.equals("--pooler-older-build")) {
                config = config.withPoolerProtocolContractState(true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--redis" -> redis = v;
                    case "--indexers" -> config = config.withIndexers(Integer.parseInt(v));
                    case "--seed" -> config = config.withSeed(Long.parseLong(v));
                    case "--time-factor" -> config = config.withTimeFactor(Double.parseDouble(v));
                    case "--scenario" -> scenario = Path.of(v);
                    case "--chaos-rate" -> chaosRate = Double.parseDouble(v);
                    case "--chaos-seed" -> chaosSeed = Long.parseLong(v);
                    case "--churn" -> config = config.withChurn(Double.parseDouble(v));
                    case "--projects" -> config = config.withProjectsPerEpoch(Integer.parseInt(v));
                    case "--epoch-interval" -> config = config.withEpochInterval(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
                    case "--namespace" -> config = config.withNamespace(v);
                    case "--suspended-share" -> config = config.withInitialSuspendedShare(Double.parseDouble(v));
                    case "--publish-budget" -> config = config.withPublishBudget(Integer.parseInt(v));
                    case "--coordinator-port" -> ports = ports.withCoordinator(port(v));
                    case "--block-streamer-port" -> ports = ports.withBlockStreamer(port(v));
                    case "--runner-port" -> ports = ports.withRunner(port(v));
                    case "--control-port" -> ports = ports.withControl(port(v));
                    case "--logs-db" -> {
                        PgLogServer.parse(v, "postgres", null);
                        surfaces = new Surfaces(v, surfaces.logsDbIndexers(), surfaces.blockStreamerMetricsPort(), surfaces.runnerMetricsPort(),
                                surfaces.poolerApiPort());
                    }
                    case "--logs-db-indexers" -> surfaces = new Surfaces(surfaces.logsDb(), Integer.parseInt(v),
                            surfaces.blockStreamerMetricsPort(), surfaces.runnerMetricsPort(), surfaces.poolerApiPort());
                    case "--block-streamer-metrics-port" -> surfaces = new Surfaces(surfaces.logsDb(), surfaces.logsDbIndexers(), port(v),
                            surfaces.runnerMetricsPort(), surfaces.poolerApiPort());
                    case "--pooler-api-port" -> surfaces = surfaces.withPoolerApiPort(port(v));
                    case "--runner-metrics-port" -> surfaces = new Surfaces(surfaces.logsDb(), surfaces.logsDbIndexers(),
                            surfaces.blockStreamerMetricsPort(), port(v), surfaces.poolerApiPort());
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": not a number: " + v);
            }
        }
        if (single) {
            ports = Ports.singlePort(ports.coordinator());
        }
        return new Options(redis, config, ports, scenario, chaosRate, chaosSeed == null ? config.seed() : chaosSeed, surfaces);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private static int port(String v) {
        int p = Integer.parseInt(v);
        if (p < 0 || p > 65_535) {
            throw new IllegalArgumentException("not a port: " + v);
        }
        return p;
    }
}
