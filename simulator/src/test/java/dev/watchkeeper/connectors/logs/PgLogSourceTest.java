package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.simulator.SysLogsDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads what the simulated runner writes with upstream's DDL into a real PostgreSQL: paging on
 * (date, id), partition pruning, filters, full-text search through the GIN index, metadata, and
 * the messages for a missing database, schema or server.
 */
class PgLogSourceTest {

    static final IndexerId ID = new IndexerId("alice.near", "feed-v2");
    static final Duration DEADLINE = Duration.ofSeconds(5);
    static final DateTimeFormatter PART = DateTimeFormatter.ofPattern("yyyyMMdd");

    static EmbeddedPostgres pg;
    static PgLogServer server;
    static LocalDate today;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        server = PgLogServer.parse("postgresql://postgres@127.0.0.1:" + pg.getPort(), null, null);
        try (SysLogsDatabase db = new SysLogsDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            db.provision(ID);
            db.provision(new IndexerId("alice.near", "other"));
            for (int d = -3; d <= -1; d++) {
                db.createPartition(ID, d);
            }
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("alice_near"), "postgres", null); Statement s = c.createStatement()) {
                try (var rs = s.executeQuery("SELECT CURRENT_DATE")) {
                    rs.next();
                    today = rs.getObject(1, LocalDate.class);
                }
            }
            // 100 lines a day on the three past days and today, block heights rising through the days
            long block = 1_000;
            for (int d = -3; d <= 0; d++) {
                List<SysLogsDatabase.Line> lines = new ArrayList<>();
                long dayStart = today.plusDays(d).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                for (int i = 0; i < 100; i++, block++) {
                    String level = i % 25 == 0 ? "ERROR" : i % 10 == 0 ? "WARN" : i % 2 == 0 ? "DEBUG" : "INFO";
                    String message = i % 25 == 0 ? "Execution error: TypeError cannot read properties of undefined (day " + d + ")"
                            : "Processed block " + block;
                    lines.add(new SysLogsDatabase.Line(block, dayStart + i * 60_000L, i % 3 == 0 ? "user" : "system", level, message));
                }
                db.writeLogs(ID, lines);
            }
            // bulk of today's rows so the planner has a reason to use the indexes
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("alice_near"), "postgres", null); Statement s = c.createStatement()) {
                s.execute("INSERT INTO alice_near_feed_v2.sys_logs (block_height, date, timestamp, type, level, message) "
                        + "SELECT 5000 + g, CURRENT_DATE, CURRENT_DATE + interval '20 hours' + g * interval '1 ms', 'system', 'DEBUG', "
                        + "'Fetched block ' || (5000 + g) || ' from lake' FROM generate_series(1, 20000) g");
                s.execute("ANALYZE alice_near_feed_v2.sys_logs");
            }
            db.setMetadata(ID, "STATUS", "FAILING");
            db.setMetadata(ID, "LAST_PROCESSED_BLOCK_HEIGHT", "1399");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void newestPageEndsWithTheNewestLineAndAfterCursorReturnsOnlyNewerLines() {
        try (PgLogSource src = PgLogSource.open(server, ID, DEADLINE)) {
            List<PgLogRow> last = src.newest(PgLogFilter.ALL, 5);
            assertThat(last).hasSize(5);
            assertThat(last.getLast().message()).isEqualTo("Fetched block 25000 from lake");
            assertThat(last).isSortedAccordingTo((a, b) -> Long.compare(a.id(), b.id()));

            PgLogCursor at = last.get(2).cursor();
            assertThat(src.after(at, PgLogFilter.ALL, 100)).extracting(PgLogRow::message)
                    .containsExactly("Fetched block 24999 from lake", "Fetched block 25000 from lake");
        }
    }

    @Test
    void tailingFromTodayScansOnlyTodaysAndLaterPartitions() {
        try (PgLogSource src = PgLogSource.open(server, ID, DEADLINE)) {
            PgLogCursor cursor = src.newest(PgLogFilter.ALL, 1).getFirst().cursor();
            String plan = src.explain(src.queries().after(cursor, PgLogFilter.ALL, 500));
            assertThat(plan).contains("sys_logs_p" + PART.format(today));
            for (int d = 1; d <= 3; d++) {
                assertThat(plan).doesNotContain("sys_logs_p" + PART.format(today.minusDays(d)));
            }
            String since = src.explain(src.queries().newest(PgLogFilter.ALL.withSince(
                    today.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)), 50));
            assertThat(since).contains("sys_logs_p" + PART.format(today.minusDays(1)))
                    .doesNotContain("sys_logs_p" + PART.format(today.minusDays(2)));
        }
    }

    @Test
    void olderPagesWalkBackAcrossDayPartitions() {
        try (PgLogSource src = PgLogSource.open(server, ID, DEADLINE)) {
            PgLogFilter errors = new PgLogFilter(Set.of("ERROR"), Set.of(), null, null);
            // four errors a day
            List<PgLogRow> page = src.newest(errors, 5);
            assertThat(page).extracting(PgLogRow::date).containsExactly(today.minusDays(1), today, today, today, today);
            List<PgLogRow> older = src.before(page.getFirst().cursor(), errors, 5);
            assertThat(older).extracting(PgLogRow::date)
                    .containsExactly(today.minusDays(2), today.minusDays(2), today.minusDays(1), today.minusDays(1), today.minusDays(1));
            assertThat(older.getLast().cursor().id()).isLessThan(page.getFirst().id());
            String plan = src.explain(src.queries().before(new PgLogCursor(today.minusDays(2), 1), errors, 3));
            assertThat(plan).doesNotContain("sys_logs_p" + PART.format(today));
        }
    }

    @Test
    void filtersOnLevelTypeAndTimeAndSearchesThroughTheFullTextIndex() {
        try (PgLogSource src = PgLogSource.open(server, ID, DEADLINE)) {
            List<PgLogRow> warnUser = src.newest(new PgLogFilter(PgLogFilter.atLeast("warn"), Set.of("user"), null, null), 1000);
            assertThat(warnUser).isNotEmpty().allSatisfy(r -> {
                assertThat(r.level()).isIn("WARN", "ERROR");
                assertThat(r.type()).isEqualTo("user");
            });
            PgLogFilter search = new PgLogFilter(Set.of(), Set.of(), "TypeError undefined", null);
            List<PgLogRow> hits = src.newest(search, 1000);
            assertThat(hits).hasSize(16).allSatisfy(r -> assertThat(r.message()).contains("TypeError"));
            assertThat(src.explain(src.queries().newest(search, 1000))).contains("Bitmap Index Scan").contains("to_tsvector_idx");
            // operator text with query syntax is taken as words, never an error
            assertThat(src.newest(new PgLogFilter(Set.of(), Set.of(), "a & | ! ( \" :*", null), 10)).isEmpty();
            Instant since = today.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(90 * 60);
            assertThat(src.newest(PgLogFilter.ALL.withSince(since), 100_000)).allSatisfy(r -> assertThat(r.timestamp()).isAfterOrEqualTo(since))
                    .hasSize(20_000 + 10);
        }
    }

    @Test
    void jumpsToABlockHeight() {
        try (PgLogSource src = PgLogSource.open(server, ID, DEADLINE)) {
            List<PgLogRow> rows = src.fromBlock(1_250, PgLogFilter.ALL, 3);
            assertThat(rows).extracting(PgLogRow::blockHeight).containsExactly(1_250L, 1_251L, 1_252L);
            assertThat(rows.getFirst().date()).isEqualTo(today.minusDays(1));
            assertThat(src.explain(src.queries().fromBlock(1_250, PgLogFilter.ALL, 3))).contains("block_height_idx");
        }
    }

    @Test
    void readsStatusAndLastProcessedHeightFromSysMetadata() {
        try (PgLogSource src = PgLogSource.open(server, ID, DEADLINE)) {
            assertThat(src.metadata()).isEqualTo(new IndexerMetadata("FAILING", 1399L));
        }
        try (PgLogSource other = PgLogSource.open(server, new IndexerId("alice.near", "other"), DEADLINE)) {
            assertThat(other.metadata()).isEqualTo(new IndexerMetadata("PROVISIONING", null));
            assertThat(other.newest(PgLogFilter.ALL, 10)).isEmpty();
        }
    }

    @Test
    void saysWhetherTheDatabaseTheSchemaOrTheServerIsMissing() {
        assertThatThrownBy(() -> PgLogSource.open(server, new IndexerId("bob.near", "feed"), DEADLINE))
                .isInstanceOfSatisfying(LogSourceException.class, e -> assertThat(e.problem()).isEqualTo(LogSourceException.Problem.NO_DATABASE))
                .hasMessageContaining("no database bob_near").hasMessageContaining("bob.near");
        assertThatThrownBy(() -> PgLogSource.open(server, new IndexerId("alice.near", "missing"), DEADLINE))
                .isInstanceOfSatisfying(LogSourceException.class, e -> assertThat(e.problem()).isEqualTo(LogSourceException.Problem.NO_SCHEMA))
                .hasMessageContaining("no schema alice_near_missing");
        PgLogServer dead = PgLogServer.parse("postgresql://postgres@127.0.0.1:1", null, null);
        assertThatThrownBy(() -> PgLogSource.open(dead, ID, DEADLINE))
                .isInstanceOfSatisfying(LogSourceException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("cannot reach the logs database at 127.0.0.1:1");
    }
}
