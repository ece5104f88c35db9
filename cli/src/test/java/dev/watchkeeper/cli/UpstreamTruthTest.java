package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI against a control plane that behaves as upstream QueryAPI does (simulator --upstream):
 * a deleted indexer, a dangling set member, a malformed value, a stalled stream, a Repairing
 * indexer and an unhealthy one the coordinator is restarting. {@code attention} lists exactly the
 * ones that need an operator, each with a true reason; a Suspend of the unhealthy one names the
 * coordinator's restart.
 */
class UpstreamTruthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 600 upstream seconds pass in 30 s; a health check every 6 s. */
    private static final double TIME_FACTOR = 20;
    private static DemoStack demo;
    private static IndexerId deleted;
    private static IndexerId malformed;
    private static IndexerId stalled;
    private static IndexerId repairing;
    private static IndexerId unhealthy;
    private static final IndexerId GHOST = new IndexerId("ghost.near", "removed by hand");

    @TempDir
    Path tmp;

    @BeforeAll
    static void startUpstream() {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(40).withTimeFactor(TIME_FACTOR).withUpstream(true));
        List<IndexerId> running = demo.indexers(LifecycleState.RUNNING);
        deleted = running.get(0);
        malformed = running.get(1);
        stalled = running.get(2);
        repairing = running.get(3);
        unhealthy = running.get(4);
        demo.faults().deleteInRegistry(deleted);
        demo.faults().danglingMember(GHOST);
        demo.faults().corruptState(malformed, "{\"account_id\":\"" + malformed.accountId() + "\",\"enabled\":tru");
        demo.faults().stallStream(stalled);
        demo.faults().failProvisioning(repairing);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    record Result(int code, String out, String err) {
    }

    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--coordinator", demo.coordinatorTarget(), "--redis", demo.redisUri(),
                "--block-streamer", demo.blockStreamerTarget(), "--runner", demo.runnerTarget()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OwnAuditLog.execute(tmp, all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Map<IndexerId, JsonNode> attention() throws Exception {
        Result r = cli("attention", "--json");
        assertThat(r.code()).as(r.err()).isIn(0, 1);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("schema").asText()).isEqualTo("watchkeeper.attention/1");
        assertThat(root.get("coordinator").asText()).isEqualTo("upstream");
        Map<IndexerId, JsonNode> items = new HashMap<>();
        for (JsonNode i : root.get("items")) {
            items.put(new IndexerId(i.get("account_id").asText(), i.get("function_name").asText()), i);
        }
        return items;
    }

    @Test
    void attentionListsExactlyWhatNeedsAnOperatorWithTrueReasonsAndSuspendNamesTheRestart() throws Exception {
        demo.faults().executorStalled(unhealthy);
        await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> assertThat(attention().keySet())
                .containsExactlyInAnyOrder(GHOST, malformed, stalled, repairing, unhealthy));
        Map<IndexerId, JsonNode> items = attention();
        assertThat(items.get(GHOST).get("kind").asText()).isEqualTo("MISSING_STATE");
        assertThat(items.get(GHOST).get("reason").asText()).contains("will not start");
        assertThat(items.get(malformed).get("kind").asText()).isEqualTo("UNREADABLE_STATE");
        assertThat(items.get(malformed).get("reason").asText()).contains("malformed JSON at line 1").doesNotContain("missing");
        assertThat(items.get(stalled).get("kind").asText()).isEqualTo("STALLED_STREAM");
        assertThat(items.get(stalled).get("reason").asText()).contains("600-s wait");
        assertThat(items.get(repairing).get("kind").asText()).isEqualTo("REPAIRING");
        assertThat(items.get(repairing).get("reason").asText()).contains("has no Repair");
        assertThat(items.get(unhealthy).get("kind").asText()).isEqualTo("STALLED_EXECUTOR");

        // the deleted indexer stays "Deleting" in Redis, read as deleted, never stuck
        Result show = cli("show", deleted.fullName(), "--json");
        JsonNode d = JSON.readTree(show.out());
        assertThat(d.get("raw_lifecycle_state").asText()).isEqualTo("Deleting");
        assertThat(d.get("lifecycle_state").asText()).isEqualTo("Deleted");
        assertThat(d.get("health").asText()).isEqualTo("deleted");
        assertThat(attention()).doesNotContainKey(deleted);

        // Suspend of the indexer whose executor the coordinator is waiting to restart
        Result suspend = cli("suspend", unhealthy.fullName(), "--timeout", "60s");
        assertThat(suspend.code()).as(suspend.out() + suspend.err()).isEqualTo(1);
        assertThat(suspend.out() + suspend.err()).contains("600-s");
        List<AuditEntry> audit = new AuditLog(tmp.resolve("audit.jsonl")).read(null);
        assertThat(audit.getLast().outcome()).isEqualTo("FAILED");
        assertThat(audit.getLast().detail()).contains("600-s");
    }

    @Test
    void statusReportsStreamAndExecutorHealthNotJustTheLifecycle() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Result r = cli("status", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode s = null;
            for (JsonNode i : JSON.readTree(r.out()).get("indexers")) {
                if (i.get("account_id").asText().equals(stalled.accountId()) && i.get("function_name").asText().equals(stalled.functionName())) {
                    s = i;
                }
            }
            assertThat(s).isNotNull();
            assertThat(s.get("stream_health").asText()).isEqualTo("STALLED");
            assertThat(s.get("health").asText()).isEqualTo("attention");
        });
        Result dead = WatchkeeperCliTestSupport.run("attention", "--coordinator", demo.coordinatorTarget(), "--redis", demo.redisUri(),
                "--block-streamer", "127.0.0.1:1", "--timeout", "2s");
        assertThat(dead.code()).isIn(0, 1);
        assertThat(dead.err()).contains("block streamer 127.0.0.1:1").contains("health is unknown");
    }

    /** Runs the CLI without the test's defaults. */
    static final class WatchkeeperCliTestSupport {
        static Result run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
            return new Result(code, out.toString(), err.toString());
        }
    }
}
