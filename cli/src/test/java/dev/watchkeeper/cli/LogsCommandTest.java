package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.simulator.SysLogsDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code watchkeeper logs} against a real PostgreSQL holding upstream's tables, as a script runs it. */
class LogsCommandTest {

    static final IndexerId ID = new IndexerId("carol.near", "nft-feed");
    static EmbeddedPostgres pg;
    static SysLogsDatabase db;
    static String url;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        db = new SysLogsDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
        db.provision(ID);
        db.provision(new IndexerId("carol.near", "empty"));
        // yesterday's partition too, as the runner's daily job leaves it: a minute back is yesterday just after midnight
        db.createPartition(ID, -1);
        long t0 = System.currentTimeMillis() - 60_000;
        List<SysLogsDatabase.Line> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(new SysLogsDatabase.Line(i == 29 ? null : 100L + i, t0 + i * 1000L, i % 2 == 0 ? "system" : "user",
                    i % 10 == 9 ? "ERROR" : "INFO", i % 10 == 9 ? "Execution error: cannot insert row " + i : "Running function on block " + (100 + i)));
        }
        db.writeLogs(ID, lines);
        url = "postgresql://postgres@127.0.0.1:" + pg.getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        pg.close();
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsTheNewestLinesNewestLastWithLevelAndLimit() {
        Result r = cli("logs", "carol.near/nft-feed", "--logs-db", url, "--limit", "3");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("INFO").contains("#127").endsWith("Running function on block 127");
        assertThat(lines.get(2)).contains("ERROR").contains("user").endsWith("Execution error: cannot insert row 29").doesNotContain("#");

        Result errors = cli("logs", "carol.near/nft-feed", "--logs-db", url, "--level", "error", "--since", "10m");
        assertThat(errors.out().lines()).hasSize(3).allMatch(l -> l.contains(" ERROR "));
    }

    @Test
    void printsJsonInTheDocumentedSchemaAndSearchesMessages() throws Exception {
        Result r = cli("logs", "carol.near/nft-feed", "--logs-db", url, "--search", "insert row", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("schema").asText()).isEqualTo("watchkeeper.logs/1");
        JsonNode entries = doc.get("entries");
        assertThat(entries).hasSize(3);
        JsonNode last = entries.get(2);
        assertThat(last.get("block_height").isNull()).isTrue();
        assertThat(last.get("level").asText()).isEqualTo("ERROR");
        assertThat(last.get("type").asText()).isEqualTo("user");
        assertThat(last.get("message").asText()).isEqualTo("Execution error: cannot insert row 29");
        assertThat(last.get("id").asLong()).isPositive();
        assertThat(last.get("timestamp").asText()).endsWith("Z");
        assertThat(entries.get(0).get("block_height").asLong()).isEqualTo(109);
    }

    @Test
    void exitsOneNamingTheMissingDatabaseOrSchema() {
        Result noDb = cli("logs", "dave.near/feed", "--logs-db", url);
        assertThat(noDb.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(noDb.err()).contains("no database dave_near").contains("dave.near");
        Result noSchema = cli("logs", "carol.near/missing", "--logs-db", url);
        assertThat(noSchema.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(noSchema.err()).contains("has no schema carol_near_missing");
        Result empty = cli("logs", "carol.near/empty", "--logs-db", url);
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).isEmpty();
    }

    @Test
    void saysWhatIsWrongWithTheInputOrTheServer() {
        assertThat(cli("logs", "carol.near/nft-feed", "--logs-db", "postgresql://postgres@127.0.0.1:1", "--deadline", "2s"))
                .satisfies(r -> {
                    assertThat(r.code()).isEqualTo(ExitCodes.CONNECTION);
                    assertThat(r.err()).contains("cannot reach the logs database at 127.0.0.1:1");
                });
        assertThat(cli("logs", "carol.near/nft-feed", "--logs-db", url, "--level", "loud").err()).contains("unknown level 'loud'");
        assertThat(cli("logs", "carol.near/nft-feed", "--logs-db", url, "--level", "loud").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("logs", "carol.near/nft-feed", "--logs-db", url + "/postgres").err()).contains("must not name a database");
        assertThat(cli("logs", "carol.near/nft-feed", "--logs-db", url, "--since", "yesterday").err()).contains("neither a duration");
        assertThat(cli("logs", "carol.near/nft-feed", "--logs-db", url, "--limit", "0").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("logs", "nofunction", "--logs-db", url).code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void followPrintsLinesAsTheRunnerWritesThem() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread tail = new Thread(() -> WatchkeeperCli.execute(new String[]{"logs", "carol.near/empty", "--logs-db", url, "--follow",
                "--poll", "100ms", "--json"}, new PrintWriter(out), new PrintWriter(err)));
        tail.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("\"entries\""));
            db.writeLogs(new IndexerId("carol.near", "empty"), List.of(
                    new SysLogsDatabase.Line(7L, System.currentTimeMillis(), "system", "WARN", "Block stream lagging")));
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("Block stream lagging"));
            String lastLine = out.toString().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(new ObjectMapper().readTree(lastLine).get("schema").asText()).isEqualTo("watchkeeper.logs/1");
        } finally {
            tail.interrupt();
            tail.join(10_000);
        }
        assertThat(tail.isAlive()).isFalse();
    }
}
