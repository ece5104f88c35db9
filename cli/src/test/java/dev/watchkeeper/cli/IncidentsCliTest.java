package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.history.StoredIncidentHistory;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.Problem;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.simulator.IncidentScenario;
import dev.watchkeeper.simulator.SimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code watchkeeper incidents} as a script runs it, against the simulated control plane living through incidents. */
class IncidentsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoStack demo;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void startDemo() {
        // 30x: the block streamer's health check every 4 s, an epoch every second.
        demo = DemoStack.start(SimConfig.defaults().withIndexers(60).withTimeFactor(30).withInitialSuspendedShare(0));
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    @TempDir
    static Path dir;

    /** With a history store nothing was recorded in (the user's own store stays out of the tests). */
    private Result cli(String... args) {
        return cliWithStore("jdbc:sqlite:" + dir.resolve("never-recorded.db"), args);
    }

    private Result cliWithStore(String store, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--coordinator", demo.coordinatorTarget(), "--redis", demo.redisUri(),
                "--block-streamer", demo.blockStreamerTarget(), "--runner", demo.runnerTarget(),
                "--history-url", store, "--timeout", "20s"));
        return raw(all.toArray(String[]::new));
    }

    private static Result raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static JsonNode incidentOfKind(JsonNode root, String kind) {
        for (JsonNode i : root.get("incidents")) {
            if (i.get("kind").asText().equals(kind) && i.get("status").asText().equals("open")) {
                return i;
            }
        }
        return null;
    }

    @Test
    void aLakeOutageInProgressIsListedAsOneOpenIncidentWhoseStartOneLookCannotKnow() throws Exception {
        demo.controlPlane().playIncident(IncidentScenario.LAKE_OUTAGE, Duration.ZERO, 11);
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            Result r = cli("incidents", "--json");
            JsonNode i = incidentOfKind(JSON.readTree(r.out()), "STALLED_STREAM");
            if (i != null && i.get("members").asInt() >= 40) {
                assertThat(r.code()).as("an open incident needs attention").isEqualTo(ExitCodes.FAILED);
                seen.set(i);
                return true;
            }
            return false;
        });
        JsonNode incident = seen.get();
        assertThat(incident.get("title").asText()).startsWith(incident.get("members").asText() + " block streams stalled")
                .contains("likely an upstream data source");
        assertThat(incident.get("start_known").asBoolean()).isFalse();
        assertThat(incident.get("member_list")).hasSize(incident.get("members").asInt());

        Result table = cli("incidents");
        assertThat(table.out()).contains("LIKELY CAUSE").contains("(start unknown)").contains("block streams stalled")
                .contains("one look (use --observe 2m");
    }

    @Test
    void aPoolerRpcTimeoutIsReplayedFromTheEpochsWithItsTrueStartAndRecovery() throws Exception {
        demo.controlPlane().playIncident(IncidentScenario.POOLER_RPC_TIMEOUT, Duration.ZERO, 12);
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode root = JSON.readTree(cli("incidents", "--json").out());
            for (JsonNode i : root.get("incidents")) {
                if (i.get("kind").asText().equals("POOLER_FAILURE") && i.get("members").asInt() == 200
                        && i.get("status").asText().equals("resolved")) {
                    seen.set(i);
                    return true;
                }
            }
            return false;
        });
        JsonNode incident = seen.get();
        assertThat(incident.get("title").asText()).startsWith("200 projects failed SNAPSHOT_BUILD in epoch ")
                .contains("RPC_GET_EVENT_LOGS_ERROR").contains("likely the chain RPC provider timing out");
        assertThat(incident.get("start_known").asBoolean()).isTrue();
        assertThat(incident.get("time_to_recovery_seconds").asLong()).isGreaterThanOrEqualTo(0);
        // --since after it began leaves it out.
        JsonNode later = JSON.readTree(cli("incidents", "--json", "--since", "1s").out());
        assertThat(later.get("incidents").findValuesAsText("id")).doesNotContain(incident.get("id").asText());
    }

    @Test
    void observingDatesARunnerHostDyingWhileItWatches() throws Exception {
        // Three real seconds from now, after the command's first look.
        demo.controlPlane().playIncident(IncidentScenario.RUNNER_HOST_DOWN, Duration.ofSeconds(90), 13);
        Result r = cli("incidents", "--json", "--observe", "8s");
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("observed_for_seconds").asInt()).isEqualTo(8);
        JsonNode executors = null;
        for (JsonNode i : root.get("incidents")) {
            if (i.get("kind").asText().equals("STALLED_EXECUTOR")) {
                executors = i;
            }
        }
        assertThat(executors).as(r.out()).isNotNull();
        assertThat(executors.get("members").asInt()).isEqualTo(25);
        assertThat(executors.get("start_known").asBoolean()).isTrue();
        assertThat(executors.get("title").asText()).contains("25 executors stalled").contains("runner host");
    }

    @Test
    void incidentsTheRecorderGroupedAreListedLaterWithTheirTrueStartAndOnlyOnce() throws Exception {
        String store = "jdbc:sqlite:" + dir.resolve("recorded.db");
        Instant began = Instant.now();
        CompletableFuture<Result> recording = CompletableFuture.supplyAsync(() -> cliWithStore(store, "record", "--duration", "14s", "--log-every", "2s"));
        await().atMost(Duration.ofSeconds(20)).until(() -> recording.isDone()
                || cliWithStore(store, "status", "--at", "now", "--json").code() == ExitCodes.OK);
        demo.controlPlane().playIncident(IncidentScenario.RUNNER_HOST_DOWN, Duration.ZERO, 14);
        Result recorded = recording.get();
        assertThat(recorded.code()).as(recorded.err()).isZero();
        assertThat(recorded.out()).contains("incident versions written").doesNotContain("last incident write failed");

        Result r = cliWithStore(store, "incidents", "--json", "--since", began.toString());
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("history_store").asText()).isEqualTo(store);
        List<JsonNode> executors = new ArrayList<>();
        root.get("incidents").forEach(i -> {
            if (i.get("kind").asText().equals("STALLED_EXECUTOR")) {
                executors.add(i);
            }
        });
        assertThat(executors).as(r.out()).hasSize(1);
        JsonNode host = executors.getFirst();
        // the recorder looks every 5 s and the simulated host comes back 6 s after it died: it sees some of the 25
        assertThat(host.get("members").asInt()).isBetween(IncidentSettings.DEFAULT_MIN_SIZE, 25);
        assertThat(host.get("title").asText()).contains("executors stalled");
        assertThat(host.get("start_known").asBoolean()).as("the recorder saw them begin").isTrue();
        assertThat(Instant.parse(host.get("start").asText())).isAfter(began);
        assertThat(cliWithStore(store, "incidents").out()).contains(host.get("id").asText()).contains("with the history in " + store);
    }

    @Test
    void wrongInputIsAUsageErrorAndADeadRedisAConnectionError() {
        Result since = cli("incidents", "--since", "yesterday");
        assertThat(since.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(since.err()).contains("--since needs an ISO-8601 instant or an age like 30m, not 'yesterday'");
        Result observe = cli("incidents", "--observe", "-5s");
        assertThat(observe.code()).isEqualTo(ExitCodes.USAGE);
        Result dead = raw("incidents", "--coordinator", "127.0.0.1:1", "--redis", "redis://127.0.0.1:1", "--timeout", "2s");
        assertThat(dead.code()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(dead.err()).contains("cannot read Redis");
    }

    /** A store in which a recorder grouped six stalls into an incident and stopped 5 minutes in, the stalls still going. */
    private static String storeWithStoppedRecorder(Path file, Instant start) throws Exception {
        ManualClock clock = new ManualClock(start);
        String id;
        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(file))) {
            try (StoredIncidentHistory recorder = new StoredIncidentHistory(store, "recorder-gone", clock)) {
                IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, recorder);
                for (int i = 0; i < 6; i++) {
                    IndexerId ix = new IndexerId("gone" + i + ".near", "fn");
                    engine.apply(List.of(new Problem("indexer:" + ix.fullName() + ":STALLED_STREAM", "STALLED_STREAM", "Stream stalled",
                            ix.fullName(), ix, start.plusSeconds(i), "stream STALLED", 1_000L + i, null, null, null, null, null)), List.of());
                }
                recorder.flush();
                id = recorder.since(null).getFirst().id();
                // it stops 5 minutes in, the stalls still going
                clock.set(start.plusSeconds(300));
            }
        }
        return id;
    }

    @Test
    void anOpenIncidentWhoseRecorderStoppedIsListedAsUnobservedSinceItsLastLook() throws Exception {
        Path file = dir.resolve("stopped-recorder.db");
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String id = storeWithStoppedRecorder(file, start);
        String url = "jdbc:sqlite:" + file;
        JsonNode root = JSON.readTree(cliWithStore(url, "incidents", "--json", "--since", start.minusSeconds(1).toString()).out());
        JsonNode gone = null;
        for (JsonNode i : root.get("incidents")) {
            if (i.get("id").asText().equals(id)) {
                gone = i;
            }
        }
        assertThat(gone).as(root.toString()).isNotNull();
        assertThat(gone.get("status").asText()).isEqualTo("unobserved");
        assertThat(gone.get("observed_until").asText()).isEqualTo(start.plusSeconds(300).toString());
        assertThat(gone.get("end").isNull()).isTrue();
        assertThat(gone.get("duration_seconds").asLong()).isEqualTo(300);
        assertThat(cliWithStore(url, "incidents", "--since", start.minusSeconds(1).toString()).out())
                .containsPattern(id + " +unobserved ").contains("5 min at least").contains("(its console or recorder stopped)");
    }

    @Test
    void withRedisDownTheIncidentsInTheHistoryStoreAreStillListedAndTheExitCodeSaysTheConnectionFailed() throws Exception {
        Path file = dir.resolve("redis-down.db");
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String id = storeWithStoppedRecorder(file, start);
        String url = "jdbc:sqlite:" + file;

        Result json = raw("incidents", "--json", "--coordinator", "127.0.0.1:1", "--redis", "redis://127.0.0.1:1",
                "--timeout", "2s", "--history-url", url);
        assertThat(json.code()).isEqualTo(ExitCodes.CONNECTION);
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.get("incidents")).extracting(i -> i.get("id").asText()).containsExactly(id);
        assertThat(root.get("source_problems").toString()).contains("cannot read Redis")
                .contains("the incidents recorded in the history store only");

        Result text = raw("incidents", "--coordinator", "127.0.0.1:1", "--redis", "redis://127.0.0.1:1",
                "--timeout", "2s", "--history-url", url);
        assertThat(text.code()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(text.out()).contains(id).contains("unobserved");
        assertThat(text.err()).contains("warning: cannot read Redis");
    }
}
