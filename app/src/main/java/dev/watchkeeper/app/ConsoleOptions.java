package dev.watchkeeper.app;

import dev.watchkeeper.cli.DurationConverter;
import dev.watchkeeper.cli.GlobalOptions;
import dev.watchkeeper.simulator.IncidentScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

/**
 * The desktop console's options: the CLI's own option set ({@link GlobalOptions}: --profile,
 * --read-only, --coordinator, --redis, --block-streamer, --runner, --deadline, --timeout, same
 * names and meanings)
 * plus what only the console does (the demo, health endpoints, epochs, polling). One parser, picocli,
 * for both.
 */
@Command(name = "watchkeeper",
        description = {"The Watchkeeper desktop console: a QueryAPI indexer fleet and PowerLoom epochs, live.",
                "Without --coordinator/--redis or --profile it starts on the built-in demo control plane."},
        footer = {"", "A subcommand (status, show, suspend, repair, ...) runs the command-line twin",
                "instead, with the same options: watchkeeper help"})
public final class ConsoleOptions {

    @Mixin
    GlobalOptions global;

    @Option(names = "--demo", description = "Start on the built-in demo control plane (the default when no endpoint or profile is given).")
    boolean demo;

    @Option(names = "--indexers", paramLabel = "N", defaultValue = "200", description = "Indexers in the demo (default: ${DEFAULT-VALUE}).")
    int indexers;

    @Option(names = "--chaos", paramLabel = "F", defaultValue = "0",
            description = "Demo faults per second (stalled streams, failing executors, ...), default ${DEFAULT-VALUE}.")
    double chaos;

    @Option(names = "--upstream", description = "Demo: the control plane behaves exactly as upstream QueryAPI and the pooler do,"
            + " quirks included (no operator extension, Deleting kept forever, the blocking 600-s restart, per-project HSETs);"
            + " see docs/upstream-behaviour.md.")
    boolean upstream;

    @Option(names = "--namespace", paramLabel = "NS", description = "Pooler snapshotter namespace, to show epochs.")
    String namespace;

    @Option(names = "--incident", paramLabel = "NAME", converter = IncidentConverter.class,
            description = "Demo: play an incident 30 s after start: lake-outage (40 streams stall), runner-host-down (25 executors stall),"
                    + " pooler-rpc-timeout (200 projects fail).")
    IncidentScenario incident;

    /** Reads an incident scenario's name. */
    static final class IncidentConverter implements CommandLine.ITypeConverter<IncidentScenario> {
        @Override
        public IncidentScenario convert(String value) {
            try {
                return IncidentScenario.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    // --poll-seconds: the earlier spelling, still accepted (a bare number reads as seconds)
    @Option(names = {"--poll", "--poll-seconds"}, paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Poll interval when Redis has no keyspace notifications (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    /**
     * Parses the console's arguments.
     *
     * @throws IllegalArgumentException with a message for the user when they are not usable
     */
    public static ConsoleOptions parse(List<String> args) {
        ConsoleOptions o = new ConsoleOptions();
        try {
            new CommandLine(o).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!o.help && !o.version) {
            o.check();
        }
        return o;
    }

    private void check() {
        String profile = global.profile();
        if (profile != null && (demo || global.coordinator() != null || global.redis() != null)) {
            throw new IllegalArgumentException("--profile replaces --demo, --coordinator and --redis: give one or the other");
        }
        if (profile != null && profile.isBlank()) {
            throw new IllegalArgumentException("--profile needs a profile name");
        }
        if (!demo && profile == null && (global.coordinator() == null) != (global.redis() == null)) {
            throw new IllegalArgumentException("give both --coordinator and --redis, or neither for the demo");
        }
        if (incident != null && (profile != null || global.coordinator() != null)) {
            throw new IllegalArgumentException("--incident plays a scenario on the demo control plane only");
        }
        if (indexers < 0) {
            throw new IllegalArgumentException("--indexers needs a whole number >= 0, not " + indexers);
        }
        if (chaos < 0 || Double.isNaN(chaos)) {
            throw new IllegalArgumentException("--chaos needs a number >= 0, not " + chaos);
        }
    }

    /** The usage text (options, defaults, the subcommands' hint). */
    public static String usage() {
        StringWriter w = new StringWriter();
        new CommandLine(new ConsoleOptions()).usage(new PrintWriter(w));
        return w.toString();
    }

    /** --help: print {@link #usage()} and start nothing. */
    public boolean helpRequested() {
        return help;
    }

    /** --version: print the version and start nothing. */
    public boolean versionRequested() {
        return version;
    }

    /** The demo runs when asked for, or when neither endpoints nor a profile are given. */
    public boolean demo() {
        return demo || (global.profile() == null && global.coordinator() == null);
    }

    /** Saved profile name (stripped), or null. */
    public String profile() {
        return global.profile() == null ? null : global.profile().strip();
    }

    public boolean readOnly() {
        return global.readOnly();
    }

    public String coordinator() {
        return global.coordinator();
    }

    public String redis() {
        return global.redis();
    }

    /** --deadline, or null: the profile's (ad-hoc endpoints: 5 s). */
    public Duration deadline() {
        return global.deadline();
    }

    /** How long a command waits for the observed state to confirm it. */
    public Duration confirmTimeout() {
        return global.timeout();
    }

    /** The audit log commands are appended to (the one the CLI writes too). */
    public dev.watchkeeper.model.audit.AuditLog auditLog() {
        return global.auditLog();
    }

    public int indexers() {
        return indexers;
    }

    public double chaos() {
        return chaos;
    }

    /** The demo control plane copies upstream exactly (simulator --upstream). */
    public boolean upstream() {
        return upstream;
    }

    public String blockStreamer() {
        return global.blockStreamer();
    }

    public String runner() {
        return global.runner();
    }

    public String namespace() {
        return namespace;
    }

    public Duration poll() {
        return poll;
    }

    /** Demo only: the incident scenario to play shortly after start, or null. */
    public IncidentScenario incident() {
        return incident;
    }
}
