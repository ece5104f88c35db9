package dev.watchkeeper.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        subcommands = {StatusCommand.class, ShowCommand.class, AttentionCommand.class, IncidentsCommand.class,
                ActionCommand.Suspend.class, ActionCommand.Unsuspend.class, ActionCommand.Repair.class, ActionCommand.Restart.class,
                DeleteCommand.class, EpochsCommand.class, AuditCommand.class, LogsCommand.class, TopCommand.class,
                RecordCommand.class, HistoryCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (commands: confirmed by the observed state)",
                "1:command failed, refused, not confirmed in time, or unknown indexer",
                "2:usage error", "3:coordinator or Redis unreachable"})
public final class WatchkeeperCli implements Callable<Integer> {

    /** The subcommand names: the launcher hands arguments naming one of these to the CLI. */
    public static final Set<String> SUBCOMMANDS = Set.of("status", "show", "suspend", "unsuspend", "repair", "restart",
            "delete", "epochs", "audit", "logs", "top", "record", "history", "attention", "help");

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
        // Connector libraries log through slf4j; a script's stderr should carry only our messages.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        CommandLine cl = new CommandLine(new WatchkeeperCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
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

    /** True when {@code args} name a subcommand, i.e. the CLI (not the console) should handle them. */
    public static boolean handles(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (VALUED_OPTIONS.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return SUBCOMMANDS.contains(a);
            }
        }
        return false;
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
