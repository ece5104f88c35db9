package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The CLI run in-process, as a script would run it, against the simulated control plane and a real Redis. */
class CliAgainstSimulatorTest {

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

    /** Every test's CLI runs write their own audit log: the data directory is this test's. */
    @org.junit.jupiter.api.BeforeEach
    void ownAuditLog() {
        System.setProperty(dev.watchkeeper.model.audit.AuditLog.DATA_DIR_PROPERTY, tmp.toString());
    }

    @org.junit.jupiter.api.AfterEach
    void sharedAuditLogAgain() {
        System.clearProperty(dev.watchkeeper.model.audit.AuditLog.DATA_DIR_PROPERTY);
    }

    private Path auditFile() {
        return tmp.resolve("audit.jsonl");
    }

    /** Runs the CLI against the demo stack, with a per-test audit log. */
    private Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--coordinator", demo.coordinatorTarget(), "--redis", demo.redisUri(), "--timeout", "20s"));
        return raw(all.toArray(String[]::new));
    }

    private static Result raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private JsonNode statusJson() throws Exception {
        Result r = cli("status", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** The n-th indexer (by name) currently in {@code state}, from the CLI's own JSON. */
    private IndexerId indexerIn(String state, int n) throws Exception {
        List<IndexerId> ids = new ArrayList<>();
        for (JsonNode i : statusJson().get("indexers")) {
            if (i.get("lifecycle_state").asText().equals(state)) {
                ids.add(new IndexerId(i.get("account_id").asText(), i.get("function_name").asText()));
            }
        }
        assertThat(ids).hasSizeGreaterThan(n);
        return ids.get(n);
    }

    private String stateOf(IndexerId id) throws Exception {
        Result r = cli("show", id.fullName(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get("lifecycle_state").asText();
    }

    private List<AuditEntry> auditEntries() {
        return new AuditLog(auditFile()).read(null);
    }

    private List<String> outcomes() {
        return auditEntries().stream().map(AuditEntry::outcome).toList();
    }

    @Test
    void statusPrintsAnAlignedTableOfTheWholeFleet() {
        Result r = cli("status");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("INDEXER").contains("STATE", "ENABLED", "HEALTH");
        List<String> rows = lines.subList(1, lines.size() - 1);
        assertThat(rows).hasSize(30);
        int stateColumn = lines.getFirst().indexOf("STATE");
        assertThat(rows).allSatisfy(row -> assertThat(row.substring(stateColumn)).matches("[A-Z][a-z]+( \\(.*\\))? +(yes|no|\\?) .*"));
        assertThat(lines.getLast()).startsWith("30 indexers").contains(demo.redisUri());
    }

    @Test
    void statusJsonHasTheDocumentedFields() throws Exception {
        JsonNode root = statusJson();

        assertThat(root.get("schema").asText()).isEqualTo("watchkeeper.status/1");
        assertThat(root.get("total").asInt()).isEqualTo(30);
        assertThat(root.get("indexers")).hasSize(30);
        JsonNode first = root.get("indexers").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("account_id", "function_name", "lifecycle_state",
                "readability", "raw_lifecycle_state", "enabled", "block_stream_synced_at", "health", "problem",
                "stream_health", "executor_health");
        assertThat(first.get("enabled").isBoolean()).isTrue();
    }

    @Test
    void statusFiltersByStateAndHealth() throws Exception {
        Result r = cli("status", "--state", "suspended", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode list = JSON.readTree(r.out()).get("indexers");
        assertThat(list).isNotEmpty().allSatisfy(i -> assertThat(i.get("lifecycle_state").asText()).isEqualTo("Suspended"));

        Result healthy = cli("status", "--health", "ok,changing");
        assertThat(healthy.code()).isZero();
        assertThat(healthy.out()).doesNotContain(" unreadable ");
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommandToo() {
        Result r = raw("--redis", demo.redisUri(), "status", "--state", "running");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Running").doesNotContain("Suspended ");
    }

    @Test
    void showPrintsOneIndexerWithItsRawValue() throws Exception {
        IndexerId id = indexerIn("Running", 0);

        Result table = cli("show", id.fullName());
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("state ", "Running", id.accountId(), "\"lifecycle_state\":\"Running\"");

        JsonNode json = JSON.readTree(cli("show", id.fullName(), "--json").out());
        assertThat(json.get("schema").asText()).isEqualTo("watchkeeper.indexer/1");
        assertThat(json.get("account_id").asText()).isEqualTo(id.accountId());
        assertThat(json.get("raw_json").asText()).contains(id.functionName());
    }

    @Test
    void suspendWaitsForSuspendedThenExitsZeroAndIsAudited() throws Exception {
        IndexerId id = indexerIn("Running", 1);

        Result r = cli("suspend", id.fullName());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(id.fullName() + ": Suspended (suspend confirmed after");
        assertThat(stateOf(id)).isEqualTo("Suspended");
        List<AuditEntry> audit = auditEntries();
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("SENDING", "CONFIRMED");
        assertThat(audit.getLast().command()).isEqualTo("Suspend");
        assertThat(audit.getLast().targets()).containsExactly(id.fullName());
        assertThat(audit.getLast().user()).isEqualTo(System.getProperty("user.name"));
        assertThat(audit.getLast().detail()).startsWith("CLI: state is Suspended");
        assertThat(new AuditLog(auditFile()).verify().intact()).isTrue();

        Result back = cli("unsuspend", id.fullName());
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(stateOf(id)).isEqualTo("Running");

        Result log = cli("audit", "--since", "1h");
        assertThat(log.code()).isZero();
        assertThat(log.out().lines().skip(1).filter(l -> l.contains(id.fullName()))).hasSize(4)
                .anySatisfy(l -> assertThat(l).contains("Unsuspend", "CONFIRMED"));
        assertThat(log.out()).contains("Audit chain intact: 4 entries verified");
    }

    @Test
    void anIndexerAlreadyInTheStateGetsNothingSentAndAnUnknownOneFails() throws Exception {
        IndexerId id = indexerIn("Suspended", 0);

        Result r = cli("suspend", id.fullName());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(id.fullName() + ": already Suspended; nothing sent");
        assertThat(auditEntries()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("CONFIRMED");
            assertThat(e.detail()).isEqualTo("CLI: already Suspended; nothing sent");
        });

        Result unknown = cli("suspend", "nobody.near/none");
        assertThat(unknown.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err()).contains("no indexer nobody.near/none in ", "suspend not sent");
        assertThat(outcomes()).containsExactly("CONFIRMED", "FAILED");
        assertThat(stateOf(id)).isEqualTo("Suspended");
    }

    @Test
    void suspendingSeveralIndexersConfirmsEach() throws Exception {
        IndexerId a = indexerIn("Running", 2);
        IndexerId b = indexerIn("Running", 3);

        Result r = cli("suspend", a.fullName(), b.fullName());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(a.fullName() + ": Suspended", b.fullName() + ": Suspended");
        assertThat(cli("unsuspend", a.fullName(), b.fullName()).code()).isZero();
    }

    @Test
    void anUnknownIndexerFailsWithExitOne() {
        Result show = cli("show", "nobody.near/nothing");
        assertThat(show.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(show.err()).contains("no indexer nobody.near/nothing");

        Result suspend = cli("suspend", "nobody.near/nothing");
        assertThat(suspend.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(suspend.err()).contains("not sent");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(cli("status", "--bogus").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("status", "--state", "sleeping").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("show", "no-slash").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("suspend").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("delete", "a.near/b", "--yes").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("status", "--timeout", "soon").code()).isEqualTo(ExitCodes.USAGE);
        Result nothing = raw();
        assertThat(nothing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(nothing.err()).contains("subcommand");
    }

    @Test
    void unreachableRedisExitsThree() {
        String dead = "redis://127.0.0.1:" + LocalRedisServer.freePort();

        Result r = raw("status", "--redis", dead);

        assertThat(r.code()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(r.err()).contains("cannot read Redis redis://127.0.0.1:");
        assertThat(raw("epochs", "--redis", dead).code()).isEqualTo(ExitCodes.CONNECTION);
    }

    @Test
    void unreachableCoordinatorExitsThreeAndChangesNothing() throws Exception {
        IndexerId id = indexerIn("Running", 4);
        String dead = "127.0.0.1:" + LocalRedisServer.freePort();

        Result r = raw("suspend", id.fullName(), "--coordinator", dead, "--redis", demo.redisUri());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(r.err()).contains("unreachable");
        assertThat(stateOf(id)).isEqualTo("Running");
        assertThat(outcomes()).containsExactly("SENDING", "FAILED");
    }

    @Test
    void readOnlyRefusesCommandsWithExitOne() throws Exception {
        IndexerId id = indexerIn("Running", 5);

        Result r = cli("--read-only", "suspend", id.fullName());

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("refused: --read-only is set; suspend not sent");
        assertThat(stateOf(id)).isEqualTo("Running");
        assertThat(outcomes()).containsExactly("UNAVAILABLE");
    }

    @Test
    void aReadOnlyProfileRefusesCommandsAndNeverPrintsItsPassword() throws Exception {
        IndexerId id = indexerIn("Running", 5);
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("profiles.json"), """
                {"profiles": [{"name": "prod", "coordinator": {"target": "%s"},
                               "redis": {"uri": "%s"}, "readOnly": true}]}
                """.formatted(demo.coordinatorTarget(), demo.redisUri().replace("redis://", "redis://ops:s3cret@")));
        System.setProperty("watchkeeper.config.dir", tmp.resolve("config").toString());
        try {
            Result refused = raw("--profile", "prod", "suspend", id.fullName());
            assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.err()).contains("profile 'prod' is read-only");
            // the hand-written file holds a password and others may read it: said, like ssh, without the password
            if (Files.getPosixFilePermissions(config.resolve("profiles.json")).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                assertThat(refused.err()).contains("warning:", "readable by other users", "chmod 600").doesNotContain("s3cret");
            }

            // Redis has no password here, so the profile's URI is refused by the server: the message must not leak it.
            Result status = raw("--profile", "prod", "status", "--json");
            assertThat(status.out() + status.err()).doesNotContain("s3cret");

            assertThat(raw("--profile", "missing", "status").code()).isEqualTo(ExitCodes.USAGE);
        } finally {
            System.clearProperty("watchkeeper.config.dir");
        }
        assertThat(stateOf(id)).isEqualTo("Running");
    }

    @Test
    void deleteWithoutYesIsRefusedAndSendsNothing() throws Exception {
        IndexerId id = indexerIn("Running", 6);

        Result r = cli("delete", id.fullName(), "--reason", "cleanup");

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("destructive", "--yes");
        assertThat(stateOf(id)).isEqualTo("Running");
    }

    @Test
    void restartAndDeleteGoThroughTheOperatorExtension() throws Exception {
        IndexerId id = indexerIn("Running", 7);

        Result repair = cli("repair", id.fullName());
        assertThat(repair.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(repair.err()).contains("only a Repairing indexer can be repaired");

        Result restart = cli("restart", id.fullName());
        assertThat(restart.code()).as(restart.err()).isZero();
        assertThat(restart.out()).contains(id.fullName() + ": Running (restart confirmed");

        Result delete = cli("delete", id.fullName(), "--reason", "replaced by v2", "--yes");
        assertThat(delete.code()).as(delete.err()).isZero();
        assertThat(delete.out()).containsAnyOf(id.fullName() + ": Deleting", id.fullName() + ": Deleted", id.fullName() + ": gone from Redis");
        assertThat(auditEntries()).filteredOn(e -> e.command().equals("Delete"))
                .extracting(AuditEntry::outcome, AuditEntry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SENDING", "replaced by v2"),
                        org.assertj.core.groups.Tuple.tuple("CONFIRMED", "replaced by v2"));
    }

    @Test
    void epochsSummariseTheNewestEpochsAndListFailures() throws Exception {
        // A Redis of its own, so the simulator's pooler epochs do not mix in.
        try (LocalRedisServer pooler = LocalRedisServer.start()) {
            epochsFrom(pooler.uri());
        }
    }

    private void epochsFrom(String redisUri) throws Exception {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (long e = 100; e <= 104; e++) {
                c.sync().set("epochID:" + e + ":epochReleased", Long.toString(1_700_000_000L + e));
                c.sync().hset("epochID:" + e + ":stateID:SNAPSHOT_BUILD:processingStatus",
                        "pairContract_pair_total_reserves:0xb4e1:UNISWAPV2",
                        "{\"status\": \"success\", \"error\": null, \"extra\": null, \"timestamp\": 1692530595}");
            }
            c.sync().hset("epochID:104:stateID:SNAPSHOT_SUBMIT_PAYLOAD_COMMIT:processingStatus",
                    "aggregate_24h_stats_lite:35ee:UNISWAPV2", "{\"status\": \"failed\", \"error\": \"relayer timeout\", \"timestamp\": 1692530600}");
            c.sync().hset("epochID:104:stateID:SNAPSHOT_SUBMIT_PAYLOAD_COMMIT:processingStatus", "broken", "{not json");
            // a failed bulk build (pooler snapshot_worker.py _process_bulk_mode): a task type, not a project
            c.sync().hset("epochID:103:stateID:SNAPSHOT_BUILD:processingStatus", "aggregate_24h_top_pairs_lite:UNISWAPV2",
                    "{\"status\": \"failed\", \"error\": \"RPC error 429\", \"extra\": null, \"timestamp\": 1692530590}");
            // an older pooler build's state, stamped before the finalization it precedes
            c.sync().hset("epochID:102:stateID:SNAPSHOT_FINALIZE:processingStatus", "pairContract_pair_total_reserves:0xb4e1:UNISWAPV2",
                    "{\"status\": \"success\", \"error\": null, \"extra\": {\"snapshot_cid\": \"bafkreix\"}, \"timestamp\": 1692530620}");
            c.sync().hset("epochID:102:stateID:SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT:processingStatus", "pairContract_pair_total_reserves:0xb4e1:UNISWAPV2",
                    "{\"status\": \"success\", \"error\": null, \"extra\": {\"snapshotCid\": \"bafkreix\"}, \"timestamp\": 1692530610}");
        } finally {
            client.shutdown();
        }

        Result table = raw("epochs", "--last", "3", "--redis", redisUri);
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out().lines().skip(1).map(l -> l.split("\\s+")[0])).containsExactly("104", "103", "102");

        Result failed = raw("epochs", "--failed", "--redis", redisUri);
        assertThat(failed.code()).isZero();
        assertThat(failed.out()).contains("104", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "aggregate_24h_stats_lite:35ee:UNISWAPV2", "relayer timeout")
                .contains("batch build of aggregate_24h_top_pairs_lite", "RPC error 429")
                .doesNotContain("\n102 ");
        // the batch build is a failure of epoch 103, not a project of it
        assertThat(table.out().lines().filter(l -> l.startsWith("103 ")).findFirst().orElseThrow().trim().split("\\s+"))
                .endsWith("1", "1");

        JsonNode json = JSON.readTree(raw("epochs", "--last", "1", "--json", "--redis", redisUri).out());
        assertThat(json.get("schema").asText()).isEqualTo("watchkeeper.epochs/1");
        JsonNode epoch = json.get("epochs").get(0);
        assertThat(epoch.get("epoch_id").asLong()).isEqualTo(104);
        assertThat(epoch.get("reached").asText()).isEqualTo("SNAPSHOT_SUBMIT_PAYLOAD_COMMIT");
        JsonNode commit = epoch.get("states").get(1);
        assertThat(commit.get("state_id").asText()).isEqualTo("SNAPSHOT_SUBMIT_PAYLOAD_COMMIT");
        assertThat(commit.get("failed").asInt()).isEqualTo(1);
        assertThat(commit.get("unknown").asInt()).isEqualTo(1);
        assertThat(epoch.get("batch_build_failures")).isEmpty();

        JsonNode three = JSON.readTree(raw("epochs", "--last", "3", "--json", "--redis", redisUri).out()).get("epochs");
        JsonNode batch = three.get(1).get("batch_build_failures");
        assertThat(batch).hasSize(1);
        assertThat(batch.get(0).get("task_type").asText()).isEqualTo("aggregate_24h_top_pairs_lite");
        assertThat(batch.get(0).get("error").asText()).isEqualTo("RPC error 429");
        assertThat(three.get(1).get("states").get(0).get("success").asInt()).isEqualTo(1);
        // states in the order of their timestamps: the protocol-contract submission before the finalization
        assertThat(three.get(2).get("states").findValuesAsText("state_id"))
                .containsExactly("SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT", "SNAPSHOT_FINALIZE");
    }

    @Test
    void launcherHandsSubcommandsToTheCliAndEverythingElseToTheConsole() {
        assertThat(WatchkeeperCli.subcommandNamed(List.of("status"))).isEqualTo("status");
        assertThat(WatchkeeperCli.subcommandNamed(List.of("--profile", "prod", "suspend", "a/b"))).isEqualTo("suspend");
        assertThat(WatchkeeperCli.subcommandNamed(List.of("--redis", "status", "x"))).isNull();
        assertThat(WatchkeeperCli.subcommandNamed(List.of())).isNull();
        assertThat(WatchkeeperCli.subcommandNamed(List.of("--demo", "--indexers", "50"))).isNull();
        assertThat(WatchkeeperCli.subcommandNamed(List.of("--coordinator", "h:1", "--redis", "redis://x"))).isNull();
    }

    @Test
    void helpAndVersionExitZero() {
        Result help = raw("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("status", "suspend", "epochs", "Exit codes");
        assertThat(raw("help", "delete").out()).contains("--reason", "--yes");
        Result version = raw("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("Watchkeeper ");
    }

    @Test
    void aCommandTheStateNeverConfirmsFailsAfterTheTimeout() throws Exception {
        IndexerId id = indexerIn("Running", 8);
        // A second Redis holds a frozen copy of the indexer: the coordinator accepts the suspend (and writes to the
        // demo's Redis), but the Redis this CLI watches never shows Suspended.
        try (LocalRedisServer frozen = LocalRedisServer.start()) {
            RedisClient client = RedisClient.create(frozen.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set(id.stateKey(), "{\"account_id\":\"" + id.accountId() + "\",\"function_name\":\"" + id.functionName()
                        + "\",\"block_stream_synced_at\":1,\"enabled\":true,\"lifecycle_state\":\"Running\"}");
                c.sync().sadd("indexer_states", id.stateKey());
            } finally {
                client.shutdown();
            }
            long start = System.nanoTime();
            Result r = raw("suspend", id.fullName(), "--coordinator", demo.coordinatorTarget(), "--redis", frozen.uri(),
                    "--timeout", "2s");

            assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err()).contains("suspend sent but not confirmed within 2 s; state is Running");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
            assertThat(outcomes()).containsExactly("SENDING", "FAILED");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stateOf(id).equals("Suspended"));
        assertThat(cli("unsuspend", id.fullName()).code()).isZero();
    }
}
