package dev.watchkeeper.app;

import dev.watchkeeper.cli.WatchkeeperCli;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's options: the CLI's option set under the same names, plus the console's own. */
class ConsoleOptionsTest {

    @Test
    void noEndpointsMeansTheDemoWithItsDefaults() {
        ConsoleOptions o = ConsoleOptions.parse(List.of());
        assertThat(o.demo()).isTrue();
        assertThat(o.indexers()).isEqualTo(200);
        assertThat(o.chaos()).isZero();
        assertThat(o.upstream()).as("the demo has the operator extension unless asked").isFalse();
        assertThat(ConsoleOptions.parse(List.of("--demo", "--upstream")).upstream()).isTrue();
        assertThat(o.poll()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.deadline()).as("the profile's, else 5 s").isNull();
        assertThat(o.confirmTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theDeadlineIsTheCliOptionAndTheOldSpellingStillWorks() {
        assertThat(ConsoleOptions.parse(List.of("--deadline", "1500ms")).deadline()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConsoleOptions.parse(List.of("--deadline", "3")).deadline()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ConsoleOptions.parse(List.of("--deadline-seconds", "2.5")).deadline()).isEqualTo(Duration.ofMillis(2500));
        assertThat(ConsoleOptions.parse(List.of("--poll-seconds", "0.5")).poll()).isEqualTo(Duration.ofMillis(500));
        assertThat(ConsoleOptions.parse(List.of("--poll", "1s")).poll()).isEqualTo(Duration.ofSeconds(1));
        // the CLI reads the same spellings the same way
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WatchkeeperCli.execute(new String[]{"--deadline-seconds", "0", "status"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'0' is not a positive duration");
    }

    @Test
    void endpointsTimeoutAndAuditLogAreTheCliOptions() {
        ConsoleOptions o = ConsoleOptions.parse(List.of("--coordinator", "h:9003", "--redis", "redis://h:6379", "--timeout", "2m",
                "--block-streamer", "h:8002", "--runner", "h:7001", "--namespace", "UNISWAPV2", "--read-only"));
        assertThat(o.demo()).isFalse();
        assertThat(o.coordinator()).isEqualTo("h:9003");
        assertThat(o.redis()).isEqualTo("redis://h:6379");
        assertThat(o.confirmTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.blockStreamer()).isEqualTo("h:8002");
        assertThat(o.runner()).isEqualTo("h:7001");
        assertThat(o.namespace()).isEqualTo("UNISWAPV2");
        assertThat(o.readOnly()).isTrue();
    }

    @Test
    void badInputIsAClearUsageError() {
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--coordinator", "h:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give both --coordinator and --redis");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--indexers", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--indexers").hasMessageContaining("many");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--indexers", "-3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--indexers needs a whole number >= 0");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--deadline", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--frobnicate")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option: '--frobnicate'");
    }

    @Test
    void helpListsTheSharedAndTheConsolesOptionsAndNamesTheSubcommands() {
        ConsoleOptions o = ConsoleOptions.parse(List.of("--help", "--coordinator", "h:1"));
        assertThat(o.helpRequested()).isTrue();
        assertThat(ConsoleOptions.usage()).contains("--deadline", "--timeout", "--profile", "--read-only", "--demo", "--indexers",
                "--poll", "watchkeeper help");
        assertThat(ConsoleOptions.parse(List.of("--version")).versionRequested()).isTrue();
    }
}
