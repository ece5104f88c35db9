package dev.watchkeeper.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The command-line twin of the console. picocli gives typed subcommands, generated help and
 * usage-error exit codes; {@link #execute} maps failures to the documented {@link ExitCodes}.
 */
@Command(name = "watchkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = WatchkeeperCli.Version.class,
        description = {"Watch and steer a QueryAPI indexer fleet and PowerLoom epochs from scripts.",
                "With no subcommand the launcher starts the desktop console."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (commands: confirmed by the observed state)",
                "1:command failed, refused, not confirmed in time, or unknown indexer",
                "2:usage error", "3:coordinator or Redis unreachable"})
public final class WatchkeeperCli implements Callable<Integer> {

    /**
     * The subcommands in the order help lists them. Not declared in the annotation: picocli reads
     * every declared subcommand's annotations when the command line is built, and on a cold JVM
     * that was a fifth of a {@code status} run. A run builds the one it names; help builds all.
     */
    private static final Map<String, Class<?>> SUBCOMMAND_CLASSES = byName(StatusCommand.class, ShowCommand.class,
            AttentionCommand.class, IncidentsCommand.class, ActionCommand.Suspend.class, ActionCommand.Unsuspend.class,
            ActionCommand.Repair.class, ActionCommand.Restart.class, DeleteCommand.class, EpochsCommand.class,
            AuditCommand.class, LogsCommand.class, TopCommand.class, RecordCommand.class, HistoryCommand.class,
            CommandLine.HelpCommand.class);

    /** The subcommand names: the launcher hands arguments naming one of these to the CLI. */
    public static final Set<String> SUBCOMMANDS = java.util.Collections.unmodifiableSet(SUBCOMMAND_CLASSES.keySet());

    /** Each subcommand class by its {@code @Command} name, in the order given. */
    private static Map<String, Class<?>> byName(Class<?>... classes) {
        Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        for (Class<?> c : classes) {
            m.put(c.getAnnotation(Command.class).name(), c);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Global options that take a value (so the value is not mistaken for a subcommand name). */
    private static final Set<String> VALUED_OPTIONS = Set.of("--profile", "--coordinator", "--redis", "--timeout", "--deadline",
            "--deadline-seconds", "--history-url", "--block-streamer", "--runner");

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see watchkeeper --help)");
    }

    /** Runs the CLI and returns its exit code; prints to the given writers only. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, subcommandNamed(List.of(args)));
    }

    /** @param only the one subcommand to build, or null for all of them */
    private static int execute(String[] args, PrintWriter out, PrintWriter err, String only) {
        // Connector libraries log through slf4j; a script's stderr should carry only our messages.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        CommandLine cl = new CommandLine(new WatchkeeperCli());
        SUBCOMMAND_CLASSES.forEach((name, c) -> {
            if (only == null || only.equals("help") || only.equals(name)) {
                cl.addSubcommand(c);
            }
        });
        // after the subcommands are added: these settings reach the subcommands present when set
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.IParameterExceptionHandler usageError = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((e, a) -> only != null && e.getCommandLine() == cl
                // the top-level usage printed with the error lists every subcommand: nothing has run yet, so build them all
                ? execute(args, out, err, null)
                : usageError.handleParseException(e, a));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliFailure f) {
                cmd.getErr().println("watchkeeper: " + f.getMessage());
                cmd.getErr().flush();
                return f.exitCode();
            }
            cmd.getErr().println("watchkeeper: unexpected error: " + e);
            cmd.getErr().flush();
            return ExitCodes.FAILED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The subcommand the arguments name (the first word that is not an option or its value), or
     * null: then the launcher starts the console, not the command line.
     */
    public static String subcommandNamed(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (VALUED_OPTIONS.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return SUBCOMMANDS.contains(a) ? a : null;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err));
    }

    /** The version in the jar manifest (Implementation-Version), or "development build". */
    public static String version() {
        String v = WatchkeeperCli.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"Watchkeeper " + version()};
        }
    }
}
