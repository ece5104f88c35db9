package dev.watchkeeper.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** A run builds only the subcommand it names; everything help and usage errors show must not notice. */
class CliHelpTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void topLevelHelpListsEverySubcommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains(WatchkeeperCli.SUBCOMMANDS);
    }

    @Test
    void aUsageErrorBeforeTheSubcommandStillShowsEverySubcommand() {
        assertThat(run("--no-such-option", "status")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").contains(WatchkeeperCli.SUBCOMMANDS);
    }

    @Test
    void aSubcommandsOwnHelpAndTheHelpCommandWork() {
        assertThat(run("status", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: watchkeeper status").contains("--state");
        assertThat(run("help", "unsuspend")).isZero();
        assertThat(out.toString()).contains("Usage: watchkeeper unsuspend");
    }

    @Test
    void aGlobalOptionBeforeTheSubcommandReachesIt() {
        // a dead Redis: the option was read (the message names the port), not rejected as unknown
        assertThat(run("--redis", "redis://127.0.0.1:1", "--deadline", "1s", "status")).isEqualTo(ExitCodes.CONNECTION);
        assertThat(err.toString()).contains("127.0.0.1:1");
    }
}
