package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import dev.watchkeeper.model.audit.AuditLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** record, history and status --at as a user runs them, against the simulator, on SQLite and on a real PostgreSQL. */
class HistoryCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoStack demo;

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void startDemo() {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(30).withTimeFactor(10));
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    /** The audit log (written by suspend, read by record) in the test's own data directory, for every run at once. */
    @BeforeEach
    void ownDataDir() {
        System.setProperty(AuditLog.DATA_DIR_PROPERTY, tmp.toString());
    }

    @AfterEach
    void defaultDataDir() {
        System.clearProperty(AuditLog.DATA_DIR_PROPERTY);
    }

    private Result cli(String store, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--coordinator", demo.coordinatorTarget(), "--redis", demo.redisUri(), "--runner", demo.runnerTarget(),
                "--block-streamer", demo.blockStreamerTarget(), "--history-url", store, "--timeout", "20s"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WatchkeeperCli.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void recordThenReadTheHistoryBackOnSqlite() throws Exception {
        String store = "jdbc:sqlite:" + tmp.resolve("history.db");
        Result none = cli(store, "history", "a.near/b");
        assertThat(none.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(none.err()).contains("no history recorded at " + tmp.resolve("history.db"));
        assertThat(cli(store, "status", "--at", "1h").code()).isEqualTo(ExitCodes.FAILED);

        recordWhileSuspending(store);

        assertThat(cli(store, "status", "--at", "2020-01-01T00:00:00Z").err()).contains("starts at");
        Result bad = cli(store, "status", "--at", "last tuesday");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("'last tuesday' is not a time");
        assertThat(cli(store, "history", "ghost.near/nothing").err()).contains("no history of ghost.near/nothing");
        assertThat(cli("mysql://db/history", "history", "a.near/b").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void recordThenReadTheHistoryBackOnPostgresql() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String store = pg.getJdbcUrl("postgres", "postgres") + "&password=postgres";
            recordWhileSuspending(store);
        }
        Result down = cli("jdbc:postgresql://127.0.0.1:1/history?user=x", "history", "a.near/b");
        assertThat(down.code()).as(down.err()).isEqualTo(ExitCodes.CONNECTION);
    }

    /** How many indexers the store holds now; 0 before anything was recorded. */
    private int recordedFleet(String store) throws Exception {
        Result r = cli(store, "status", "--at", "now", "--json");
        return r.code() == ExitCodes.OK ? JSON.readTree(r.out()).get("total").asInt() : 0;
    }

    /** Runs `record` for a few seconds while a Suspend goes through, then reads both back. */
    private void recordWhileSuspending(String store) throws Exception {
        IndexerId target = demo.indexers(LifecycleState.RUNNING).getFirst();
        CompletableFuture<Result> recording = CompletableFuture.supplyAsync(() -> cli(store, "record", "--duration", "12s", "--log-every", "2s"));
        await().until(() -> recording.isDone() || recordedFleet(store) == 30);
        Instant before = Instant.now();
        Result suspend = cli(store, "suspend", target.fullName());
        assertThat(suspend.code()).as(suspend.err()).isZero();
        Result recorded = recording.get();
        assertThat(recorded.code()).as(recorded.err()).isZero();
        assertThat(recorded.out()).contains("recording profile 'default'").contains("events committed, 0 dropped").contains("stopped: ");

        JsonNode history = JSON.readTree(cli(store, "history", target.fullName(), "--json").out());
        assertThat(history.get("schema").asText()).isEqualTo("watchkeeper.history/1");
        List<String> kinds = new ArrayList<>();
        List<String> lifecycles = new ArrayList<>();
        history.get("events").forEach(e -> {
            kinds.add(e.get("kind").asText() + (e.has("command") ? ":" + e.get("command").asText() + ":" + e.get("outcome").asText() : ""));
            if (e.hasNonNull("lifecycle")) {
                lifecycles.add(e.get("lifecycle").asText());
            }
        });
        assertThat(kinds).contains("command:Suspend:SENDING", "command:Suspend:CONFIRMED");
        assertThat(lifecycles).startsWith("RUNNING").contains("SUSPENDED");

        JsonNode then = JSON.readTree(cli(store, "status", "--at", before.toString(), "--json").out());
        assertThat(then.get("total").asInt()).isEqualTo(30);
        assertThat(then.get("observed_at").asText()).isEqualTo(before.toString());
        JsonNode row = null;
        for (JsonNode i : then.get("indexers")) {
            if ((i.get("account_id").asText() + "/" + i.get("function_name").asText()).equals(target.fullName())) {
                row = i;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("lifecycle_state").asText()).as("before the suspend").isEqualTo("Running");
        Result table = cli(store, "history", target.fullName());
        assertThat(table.out()).contains("TIME", "Suspended", "Suspend CONFIRMED");
    }
}
