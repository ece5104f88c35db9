package dev.watchkeeper.app;

import dev.watchkeeper.simulator.IncidentScenario;

import java.time.Duration;
import java.util.List;

/**
 * Command-line options of the console.
 *
 * @param demo        start the built-in demo control plane (embedded Redis + simulator)
 * @param coordinator coordinator gRPC address host:port (null with demo)
 * @param redis       Redis URI (null with demo)
 * @param indexers    how many indexers the demo simulates
 * @param poll        poll interval when Redis has no keyspace notifications
 * @param deadline    deadline of every gRPC call
 * @param blockStreamer block streamer gRPC address (null: not configured, stream health unknown)
 * @param runner      runner gRPC address (null: not configured, executor health unknown)
 * @param namespace   pooler snapshotter namespace for epochs (null: no epochs)
 * @param chaos       demo only: random faults (stalls, failures, failed provisioning) per second, 0 for none
 * @param profile     name of a saved connection profile to open instead of endpoints (null: none)
 * @param readOnly    disable every command for the whole session, whatever any profile says
 * @param incident    demo only: a named incident scenario to play shortly after start (null: none)
 */
public record LaunchOptions(boolean demo, String coordinator, String redis, int indexers, Duration poll, Duration deadline,
                            String blockStreamer, String runner, String namespace, double chaos, String profile, boolean readOnly,
                            IncidentScenario incident) {

    public LaunchOptions(boolean demo, String coordinator, String redis, int indexers, Duration poll, Duration deadline) {
        this(demo, coordinator, redis, indexers, poll, deadline, null, null, null, 0, null, false, null);
    }

    public LaunchOptions(boolean demo, String coordinator, String redis, int indexers, Duration poll, Duration deadline,
                         String blockStreamer, String runner, String namespace, double chaos) {
        this(demo, coordinator, redis, indexers, poll, deadline, blockStreamer, runner, namespace, chaos, null, false, null);
    }

    public LaunchOptions(boolean demo, String coordinator, String redis, int indexers, Duration poll, Duration deadline,
                         String blockStreamer, String runner, String namespace, double chaos, String profile, boolean readOnly) {
        this(demo, coordinator, redis, indexers, poll, deadline, blockStreamer, runner, namespace, chaos, profile, readOnly, null);
    }

    public static final String USAGE = """
            Usage: watchkeeper [--demo [--indexers N]] | [--coordinator HOST:PORT --redis URI] | [--profile NAME]
                               [--block-streamer HOST:PORT] [--runner HOST:PORT] [--namespace NS]
                               [--poll-seconds S] [--deadline-seconds S] [--read-only] [--version]
              --demo                 start on the built-in demo control plane (default when no endpoint is given)
              --indexers N           indexers in the demo (default 200)
              --chaos F              demo faults per second (stalled streams, failing executors, ...), default 0
              --incident NAME        demo: play an incident 30 s after start: lake-outage (40 streams stall),
                                     runner-host-down (25 executors stall), pooler-rpc-timeout (200 projects fail)
              --coordinator H:P      coordinator gRPC address, e.g. localhost:9003
              --redis URI            Redis URI, e.g. redis://localhost:6379 (rediss://, user:password@ supported)
              --block-streamer H:P   block streamer gRPC address (stream health), e.g. localhost:8002
              --runner H:P           runner gRPC address (executor health), e.g. localhost:7001
              --namespace NS         pooler snapshotter namespace, to show epochs
              --profile NAME         open a saved connection profile (profiles.json in ~/.config/watchkeeper)
              --read-only            disable every command for the whole session, whichever profile is chosen later
              --poll-seconds S       poll interval when Redis has no keyspace notifications (default 2)
              --deadline-seconds S   deadline of every gRPC call (default 5)
            """;

    /** Parses arguments; throws IllegalArgumentException with a message for the user. */
    public static LaunchOptions parse(List<String> args) {
        boolean demo = false;
        String coordinator = null;
        String redis = null;
        int indexers = 200;
        Duration poll = Duration.ofSeconds(2);
        Duration deadline = Duration.ofSeconds(5);
        String blockStreamer = null;
        String runner = null;
        String namespace = null;
        double chaos = 0;
        String profile = null;
        boolean readOnly = false;
        IncidentScenario incident = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--demo" -> demo = true;
                case "--coordinator" -> coordinator = value(args, ++i, a);
                case "--redis" -> redis = value(args, ++i, a);
                case "--block-streamer" -> blockStreamer = value(args, ++i, a);
                case "--runner" -> runner = value(args, ++i, a);
                case "--namespace" -> namespace = value(args, ++i, a);
                case "--profile" -> profile = value(args, ++i, a);
                case "--read-only" -> readOnly = true;
                case "--chaos" -> chaos = positiveDouble(value(args, ++i, a), a);
                case "--incident" -> incident = IncidentScenario.parse(value(args, ++i, a));
                case "--indexers" -> indexers = positive(value(args, ++i, a), a);
                case "--poll-seconds" -> poll = Duration.ofMillis(Math.round(1000 * positiveDouble(value(args, ++i, a), a)));
                case "--deadline-seconds" -> deadline = Duration.ofMillis(Math.round(1000 * positiveDouble(value(args, ++i, a), a)));
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        if (profile != null && (demo || coordinator != null || redis != null)) {
            throw new IllegalArgumentException("--profile replaces --demo, --coordinator and --redis: give one or the other");
        }
        if (incident != null && (profile != null || coordinator != null)) {
            throw new IllegalArgumentException("--incident plays a scenario on the demo control plane only");
        }
        if (profile != null && profile.isBlank()) {
            throw new IllegalArgumentException("--profile needs a profile name");
        }
        if (profile != null) {
            return new LaunchOptions(false, null, null, indexers, poll, deadline, blockStreamer, runner, namespace, chaos, profile.strip(), readOnly);
        }
        if (!demo && (coordinator == null) != (redis == null)) {
            throw new IllegalArgumentException("give both --coordinator and --redis, or neither for the demo");
        }
        if (coordinator == null) {
            demo = true;
        }
        return new LaunchOptions(demo, coordinator, redis, indexers, poll, deadline, blockStreamer, runner, namespace, chaos, null, readOnly,
                incident);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number >= 0, not " + v);
    }

    private static double positiveDouble(String v, String option) {
        try {
            double d = Double.parseDouble(v);
            if (d > 0) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a number > 0, not " + v);
    }
}
