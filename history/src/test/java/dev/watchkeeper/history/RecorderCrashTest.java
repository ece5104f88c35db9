package dev.watchkeeper.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SIGKILL a recorder in another JVM while it writes; the store must open with every committed batch and a gap. */
class RecorderCrashTest {

    @TempDir
    Path dir;

    @Test
    void afterSigkillTheStoreOpensKeepsEveryCommittedBatchAndRecordsTheGap() throws Exception {
        Path db = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", RecorderCrashMain.class.getName(), db.toString())
                .redirectErrorStream(true).start();
        AtomicLong committed = new AtomicLong();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("committed ")) {
                        committed.set(Long.parseLong(line.substring(10).strip()));
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process was killed
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> committed.get() >= 20_000);
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
        }
        long mustHave = committed.get();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(db), false)) {
            HistoryQueries q = new HistoryQueries(store);
            var counts = q.counts();
            assertThat(counts.get("indexer_event") + counts.get("keyframe")).as("every event the recorder reported committed")
                    .isGreaterThanOrEqualTo(mustHave);
            Instant lastCommit = q.lastRecorded();
            assertThat(q.fleetAt(lastCommit).indexers()).hasSize(100);
            long restart = System.currentTimeMillis() + HistoryStore.LIVE_SESSION_MS + 1;
            store.beginSession(restart);
            assertThat(q.gaps(0, Long.MAX_VALUE)).singleElement().satisfies(g -> {
                assertThat(g.fromMs()).isEqualTo(lastCommit.toEpochMilli());
                assertThat(g.toMs()).isEqualTo(restart);
                assertThat(g.reason()).contains("killed or crashed");
            });
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }
}
