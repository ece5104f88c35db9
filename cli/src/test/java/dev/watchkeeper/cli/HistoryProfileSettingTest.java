package dev.watchkeeper.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The history commands use the store a profile's "history" setting names; --history-url still wins. */
class HistoryProfileSettingTest {

    @TempDir
    Path dir;

    @BeforeEach
    void profiles() throws Exception {
        System.setProperty(Profiles.CONFIG_DIR_PROPERTY, dir.toString());
        Files.writeString(dir.resolve("profiles.json"), """
                {"profiles": [{"name": "team", "coordinator": {"target": "127.0.0.1:1"}, "redis": {"uri": "redis://127.0.0.1:1"},
                  "history": {"url": "jdbc:sqlite:%s"}},
                 {"name": "pg", "coordinator": {"target": "127.0.0.1:1"}, "redis": {"uri": "redis://127.0.0.1:1"},
                  "history": {"url": "jdbc:postgresql://127.0.0.1:1/history", "user": "rec", "password": "${WK_TEST_UNSET_PASSWORD}"}}]}
                """.formatted(dir.resolve("team-history.db")));
    }

    @AfterEach
    void clear() {
        System.clearProperty(Profiles.CONFIG_DIR_PROPERTY);
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theProfilesStoreIsReadAndAnExplicitUrlWins() {
        String[] r = run("status", "--at", "now", "--profile", "team");
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.FAILED));
        assertThat(r[2]).contains("no history recorded at " + dir.resolve("team-history.db"));

        String[] explicit = run("status", "--at", "now", "--profile", "team", "--history-url", "jdbc:sqlite:" + dir.resolve("other.db"));
        assertThat(explicit[2]).contains("no history recorded at " + dir.resolve("other.db"));
    }

    @Test
    void aSettingThatRefersToAnUnsetVariableIsAUsageErrorNamingIt() {
        String[] r = run("history", "a.near/b", "--profile", "pg");
        assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
        assertThat(r[2]).contains("WK_TEST_UNSET_PASSWORD").contains("'pg'");
    }
}
