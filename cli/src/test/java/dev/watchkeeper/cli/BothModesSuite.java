package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.Faults;
import dev.watchkeeper.simulator.SimConfig;
import org.junit.jupiter.api.AfterAll;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reader, attention and command behaviour the CLI shares with the console, run against the
 * simulator in both modes ({@link ExtensionModeTest}, {@link UpstreamModeCliTest}): what must hold
 * for either coordinator, and where upstream differs, what it really does.
 */
abstract class BothModesSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    static DemoStack demo;
    static boolean upstream;
    private static final AtomicInteger NEXT = new AtomicInteger(5);

    @TempDir
    Path tmp;

    static void start(boolean upstreamMode) {
        upstream = upstreamMode;
        demo = DemoStack.start(SimConfig.defaults().withIndexers(40).withTimeFactor(30).withInitialSuspendedShare(0)
                .withUpstream(upstreamMode));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    record Result(int code, String out, String err) {
    }

    Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--coordinator", demo.coordinatorTarget(), "--redis", demo.redisUri(),
                "--block-streamer", demo.blockStreamerTarget(), "--runner", demo.runnerTarget(), "--timeout", "20s"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OwnAuditLog.execute(tmp, all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** A Running indexer no other test of this class used. */
    static IndexerId fresh() {
        List<IndexerId> running = demo.indexers(LifecycleState.RUNNING);
        return running.get(NEXT.getAndIncrement() % running.size());
    }

    Map<IndexerId, JsonNode> attention() throws Exception {
        Result r = cli("attention", "--json");
        assertThat(r.code()).as(r.err()).isIn(0, 1);
        Map<IndexerId, JsonNode> items = new HashMap<>();
        for (JsonNode i : JSON.readTree(r.out()).get("items")) {
            items.put(new IndexerId(i.get("account_id").asText(), i.get("function_name").asText()), i);
        }
        return items;
    }

    JsonNode show(IndexerId id) throws Exception {
        Result r = cli("show", id.fullName(), "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void everySetMemberIsARowAndTheCoordinatorKindIsKnown() throws Exception {
        IndexerId ghost = new IndexerId("ghost.near", "leftover " + (upstream ? "u" : "x"));
        demo.faults().danglingMember(ghost);
        Result r = cli("status", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("coordinator").asText()).isEqualTo(upstream ? "upstream" : "extension");
        boolean found = false;
        for (JsonNode i : root.get("indexers")) {
            if (i.get("account_id").asText().equals(ghost.accountId()) && i.get("function_name").asText().equals(ghost.functionName())) {
                found = true;
                assertThat(i.get("readability").asText()).isEqualTo("MISSING");
                assertThat(i.get("attention").get("kind").asText()).isEqualTo("MISSING_STATE");
            }
        }
        assertThat(found).as("the dangling member is a row").isTrue();
    }

    @Test
    void suspendAndUnsuspendOfAHealthyIndexerAreConfirmedByFlagAndLifecycle() throws Exception {
        IndexerId id = fresh();
        Result s = cli("suspend", id.fullName());
        assertThat(s.code()).as(s.out() + s.err()).isZero();
        assertThat(show(id).get("lifecycle_state").asText()).isEqualTo("Suspended");
        Result u = cli("unsuspend", id.fullName());
        assertThat(u.code()).as(u.out() + u.err()).isZero();
        assertThat(show(id).get("lifecycle_state").asText()).isEqualTo("Running");
    }

    @Test
    void aStalledStreamNeedsAnOperatorAndTheReasonSaysWhatTheCoordinatorWillDo() throws Exception {
        IndexerId id = fresh();
        demo.faults().stallStream(id);
        await().atMost(WAIT).untilAsserted(() -> assertThat(attention()).containsKey(id));
        String reason = attention().get(id).get("reason").asText();
        assertThat(attention().get(id).get("kind").asText()).isEqualTo("STALLED_STREAM");
        if (upstream) {
            assertThat(reason).contains("upstream's coordinator restarts it after a 600-s wait");
        } else {
            assertThat(reason).doesNotContain("600-s");
        }
        demo.faults().clear(id);
    }

    @Test
    void aMalformedValueIsUnreadableWithWhereItBroke() throws Exception {
        IndexerId id = fresh();
        demo.faults().corruptState(id, Faults.MALFORMED_STATE);
        await().atMost(WAIT).untilAsserted(() -> assertThat(attention()).containsKey(id));
        JsonNode item = attention().get(id);
        assertThat(item.get("kind").asText()).isEqualTo("UNREADABLE_STATE");
        assertThat(item.get("reason").asText()).contains("malformed JSON at line 1, column");
        demo.faults().clear(id);
        await().atMost(WAIT).untilAsserted(() -> assertThat(attention()).doesNotContainKey(id));
    }

    @Test
    void aDeletedIndexerIsNeverStuck() throws Exception {
        IndexerId id = fresh();
        demo.faults().deleteInRegistry(id);
        if (upstream) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(show(id).get("raw_lifecycle_state").asText()).isEqualTo("Deleting"));
            assertThat(show(id).get("lifecycle_state").asText()).isEqualTo("Deleted");
            assertThat(show(id).get("health").asText()).isEqualTo("deleted");
        } else {
            // the extension finishes the deletion: Deleted, then the keys go
            await().atMost(WAIT).until(() -> cli("show", id.fullName(), "--json").code() == ExitCodes.FAILED);
        }
        assertThat(attention()).doesNotContainKey(id);
    }
}
