package dev.watchkeeper.app.logs;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.connectors.logs.LogEntry;
import dev.watchkeeper.connectors.logs.LogSources;
import dev.watchkeeper.connectors.logs.PgLogServer;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.simulator.SysLogsDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The log pane tailing an indexer's sys_logs in a real PostgreSQL, as against an upstream coordinator. */
class PostgresLogPaneTest extends ApplicationTest {

    static final IndexerId ID = new IndexerId("erin.near", "stalled");
    static EmbeddedPostgres pg;
    static SysLogsDatabase db;

    private LogPaneViewModel vm;
    private LogFeed feed;

    @BeforeAll
    static void startDb() throws Exception {
        pg = EmbeddedPostgres.start();
        db = new SysLogsDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
        db.provision(ID);
        // yesterday's partition too, as the runner's daily job leaves it: lines written just after midnight are yesterday's
        db.createPartition(ID, -1);
        long t = System.currentTimeMillis() - 10_000;
        db.writeLogs(ID, List.of(
                new SysLogsDatabase.Line(1234L, t, "system", "INFO", "Running function erin.near/stalled on block 1234"),
                new SysLogsDatabase.Line(1234L, t + 1, "system", "ERROR", "Error running IndexerFunction: out of gas")));
        db.setMetadata(ID, "STATUS", "FAILING");
        db.setMetadata(ID, "LAST_PROCESSED_BLOCK_HEIGHT", "1233");
    }

    @AfterAll
    static void stopDb() throws Exception {
        db.close();
        pg.close();
    }

    @Override
    public void start(Stage stage) {
        vm = new LogPaneViewModel(100);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        LogPane pane = new LogPane(vm);
        Scene scene = new Scene(new VBox(pane.runnerFacts(), pane), 900, 400);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/dev/watchkeeper/app/watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void closeFeed() {
        if (feed != null) {
            feed.close();
        }
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private String text(String id) throws Exception {
        return fx(() -> lookup("#" + id).queryAs(Label.class).getText());
    }

    @SuppressWarnings("unchecked")
    private List<String> messages() throws Exception {
        return fx(() -> lookup("#" + LogPane.LIST_ID).queryAs(ListView.class).getItems().stream()
                .map(e -> ((LogEntry) e).message()).toList());
    }

    @Test
    void tailsTheStalledIndexersErrorsAndShowsTheRunnersStatus() throws Exception {
        PgLogServer server = PgLogServer.parse("postgresql://postgres@127.0.0.1:" + pg.getPort(), null, null);
        LogSources source = new LogSources(null, server, Duration.ofMillis(200), Duration.ofSeconds(5), Clock.systemUTC());
        feed = fx(() -> LogFeed.follow(source, ID, vm));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(messages()).containsExactly("Running function erin.near/stalled on block 1234", "Error running IndexerFunction: out of gas");
            assertThat(text(LogPane.STATUS_ID)).isEqualTo("● live");
            assertThat(text(LogPane.RUNNER_FACTS_ID)).contains("status FAILING").contains("last processed block 1,233");
        });
        db.writeLogs(ID, List.of(new SysLogsDatabase.Line(1234L, System.currentTimeMillis(), "system", "ERROR", "Error running IndexerFunction: out of gas again")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(messages()).last().isEqualTo("Error running IndexerFunction: out of gas again"));
    }

    @Test
    void loadsOlderPagesJumpsToABlockAndSearchesTheWholeTable() throws Exception {
        IndexerId busy = new IndexerId("erin.near", "busy");
        db.provision(busy);
        db.createPartition(busy, -1); // an hour back is yesterday in the first hour of a day
        long t = System.currentTimeMillis() - 3_600_000;
        List<SysLogsDatabase.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 700; i++) {
            lines.add(new SysLogsDatabase.Line(5000L + i, t + i * 1000L, "system", i == 42 ? "ERROR" : "INFO",
                    i == 42 ? "Error running IndexerFunction: rare failure" : "Running function on block " + (5000 + i)));
        }
        db.writeLogs(busy, lines);
        PgLogServer server = PgLogServer.parse("postgresql://postgres@127.0.0.1:" + pg.getPort(), null, null);
        LogSources source = new LogSources(null, server, Duration.ofMillis(200), Duration.ofSeconds(5), Clock.systemUTC());
        feed = fx(() -> LogFeed.follow(source, busy, vm));
        // the pane keeps 100 lines here: the tail of 500 arrives, the newest 100 stay
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(messages()).hasSize(100).last().isEqualTo("Running function on block 5699");
            assertThat(fx(() -> lookup("#" + LogPane.OLDER_ID).query().isVisible())).isTrue();
        });

        interact(() -> lookup("#" + LogPane.BLOCK_ID).queryAs(javafx.scene.control.TextField.class).setText("5,040"));
        clickOn("Jump");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fx(() -> vm.results().stream().map(LogEntry::blockHeight).limit(3).toList()))
                .containsExactly(5040L, 5041L, 5042L));
        assertThat(fx(() -> lookup("#" + LogPane.RESULTS_ID).query().isVisible())).isTrue();
        clickOn("#" + LogPane.BACK_ID);

        interact(() -> lookup("#" + LogPane.DB_SEARCH_ID).queryAs(javafx.scene.control.TextField.class).setText("rare failure"));
        clickOn("Search");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fx(() -> vm.results().stream().map(LogEntry::message).toList()))
                .containsExactly("Error running IndexerFunction: rare failure"));
        clickOn("#" + LogPane.BACK_ID);

        // older pages continue above the oldest line delivered (block 5200, the tail's first)
        clickOn("#" + LogPane.OLDER_ID);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages().getFirst()).isEqualTo("Running function on block 5000"));
    }

    @Test
    void withoutAnySourceThePaneNamesTheSettingThatWouldEnableLogs() throws Exception {
        LogSources none = new LogSources(null, null, Duration.ofMillis(200), Duration.ofSeconds(5), Clock.systemUTC());
        feed = fx(() -> LogFeed.follow(none, ID, vm));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(text(LogPane.STATUS_ID)).contains("observability.logsDatabaseUrl"));
        assertThat(fx(() -> lookup("#" + LogPane.RUNNER_FACTS_ID).queryAs(Label.class).isVisible())).isFalse();
    }
}
