package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.grpc.Endpoint;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** What every subcommand shares: the global options, output writers and connecting to Redis. */
abstract class CliCommand implements Callable<Integer> {

    @ParentCommand
    WatchkeeperCli root;

    @Spec
    CommandSpec spec;

    GlobalOptions global() {
        return root.global;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Endpoints endpoints() {
        // like ssh, say so when the profiles file holds secrets others can read
        return global().endpoints(problem -> {
            err().println("warning: " + problem);
            err().flush();
        });
    }

    /** Connecting to Redis may take longer than one gRPC call, but not forever. */
    Duration connectTimeout() {
        Duration d = (global().deadline == null ? Endpoint.DEFAULT_DEADLINE : global().deadline).multipliedBy(2);
        return d.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : d;
    }

    /** {@code --since}: an ISO-8601 instant or an age before now (30m, 12h, 7d); a usage error otherwise. */
    java.time.Instant parseSince(String value) {
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException notInstant) {
            try {
                return java.time.Instant.now().minus(DurationConverter.parse(value));
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--since needs an ISO-8601 instant or an age like 30m, not '" + value + "'");
            }
        }
    }

    FleetWatch fleet(Endpoints endpoints) {
        return fleet(endpoints, true);
    }

    /** @param live false for a one-shot look (the first snapshot only) */
    FleetWatch fleet(Endpoints endpoints, boolean live) {
        FleetWatch f = new FleetWatch(endpoints, live);
        try {
            return f.start(connectTimeout());
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }
}
