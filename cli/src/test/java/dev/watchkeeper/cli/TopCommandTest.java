package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import dev.watchkeeper.simulator.WorkerMetricsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code watchkeeper top} against the simulated workers' real /metrics endpoints. */
class TopCommandTest {

    static DemoStack demo;
    static WorkerMetricsServer metrics;
    static IndexerId failing;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(20).withTimeFactor(20));
        metrics = demo.controlPlane().serveMetrics(0, 0);
        failing = demo.indexers(LifecycleState.RUNNING).getFirst();
        demo.faults().executorFailing(failing);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    String bs() {
        return "http://127.0.0.1:" + metrics.blockStreamerPort() + "/metrics";
    }

    String runner() {
        return "http://127.0.0.1:" + metrics.runnerPort() + "/metrics";
    }

    @Test
    void printsEachIndexersFiguresAsJsonWithNullsForWhatIsNotGiven() throws Exception {
        Result r = cli("top", "--json", "--window", "1s", "--block-streamer-metrics", bs(), "--runner-metrics", runner());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("schema").asText()).isEqualTo("watchkeeper.top/1");
        Map<String, JsonNode> byName = new HashMap<>();
        doc.get("indexers").forEach(n -> byName.put(n.get("account_id").asText() + "/" + n.get("function_name").asText(), n));
        JsonNode bad = byName.get(failing.fullName());
        assertThat(bad).isNotNull();
        assertThat(bad.get("failure_rate").asDouble()).isEqualTo(1.0);
        assertThat(byName.values()).anySatisfy(n -> {
            assertThat(n.get("blocks_per_second").asDouble()).isPositive();
            assertThat(n.get("execution_p95_seconds").asDouble()).isPositive();
            assertThat(n.get("heap_mb").asDouble()).isPositive();
            assertThat(n.get("unprocessed_messages").isIntegralNumber()).isTrue();
        });

        Result onlyStreamer = cli("top", "--json", "--window", "500ms", "--block-streamer-metrics", bs());
        JsonNode any = new ObjectMapper().readTree(onlyStreamer.out()).get("indexers").get(0);
        assertThat(any.get("execution_p95_seconds").isNull()).isTrue();
        assertThat(any.get("heap_mb").isNull()).isTrue();
        assertThat(any.get("failure_rate").isNull()).isTrue();
    }

    @Test
    void printsATableAndSaysWhatIsWrong() {
        Result table = cli("top", "--window", "500ms", "--block-streamer-metrics", bs(), "--runner-metrics", runner());
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).contains("INDEXER").contains("BLOCKS/S").contains("EXEC P95");
        assertThat(table.out()).contains(failing.fullName()).contains("100%");

        Result dead = cli("top", "--window", "100ms", "--runner-metrics", "http://127.0.0.1:1/metrics", "--deadline", "2s");
        assertThat(dead.code()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(dead.err()).contains("cannot connect to http://127.0.0.1:1/metrics");

        Result halfDead = cli("top", "--window", "100ms", "--runner-metrics", "http://127.0.0.1:1/metrics", "--block-streamer-metrics", bs());
        assertThat(halfDead.code()).isZero();
        assertThat(halfDead.err()).contains("cannot connect to http://127.0.0.1:1/metrics");

        assertThat(cli("top").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("top", "--runner-metrics", "ftp://x").err()).contains("must be an http:// or https:// URL");
    }
}
