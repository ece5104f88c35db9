package dev.watchkeeper.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteHistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path dir;

    private int stores;

    @Override
    StoreLocation freshLocation() {
        return StoreLocation.sqlite(dir.resolve("history").resolve("prod" + (stores++ == 0 ? "" : "-" + stores) + ".db"));
    }

    @Test
    void theFileIsInWalModeWithTheSchemaFlywayRecorded() throws Exception {
        try (Connection c = DriverManager.getConnection(store.location().jdbcUrl()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1");
                assertThat(rs.getBoolean(2)).isTrue();
            }
        }
    }

    @Test
    void aStoredNameThisBuildDoesNotKnowReadsAsUnknown() throws Exception {
        IndexerId id = id(1);
        IndexerRecord r = IndexerRecord.empty(id).withState(IndexerState.of(id, LifecycleState.RUNNING, true))
                .withStream(StreamHealth.RUNNING, T0 / 1000).withExecutor(ExecutorHealth.RUNNING);
        store.write(List.of(new HistoryEvent.IndexerChange(T0, r)), store.beginSession(T0), T0, 0);
        try (Connection c = DriverManager.getConnection(store.location().jdbcUrl()); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE indexer_event SET lifecycle = 'LATER_STATE', stream_health = 'LATER', executor_health = 'LATER'");
        }
        IndexerRecord read = queries.fleetAt(Instant.ofEpochMilli(T0)).indexers().get(id);
        assertThat(read.lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(read.streamHealth()).isEqualTo(StreamHealth.UNKNOWN);
        assertThat(read.executorHealth()).isEqualTo(ExecutorHealth.UNKNOWN);
        assertThat(read.readability()).isEqualTo(IndexerState.Readability.READABLE);
        assertThat(queries.cursor().moveTo(Instant.ofEpochMilli(T0)).indexers().get(id)).isEqualTo(read);
    }

    @Test
    void retentionBySizeFreesPagesTheFileReuses() {
        var run = randomRun(9, 3000);
        writeInBatches(run, store.beginSession(T0));
        long before = store.sizeBytes();
        Retention.Result r = new Retention(store, java.time.Duration.ofDays(365), before / 2).apply(java.time.Instant.ofEpochMilli(run.getLast().atMs()));
        assertThat(r.bytesInUse()).isLessThan(before);
    }

    @Test
    void readingAStoreThatWasNeverRecordedSaysSoAndCreatesNothing() {
        Path missing = dir.resolve("none").resolve("x.db");
        assertThatThrownBy(() -> HistoryStore.open(StoreLocation.sqlite(missing), false))
                .isInstanceOf(HistoryException.class).hasMessageContaining("no history recorded at " + missing);
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "this is not sqlite ".repeat(100));
        assertThatThrownBy(() -> HistoryStore.open(StoreLocation.sqlite(junk), false))
                .isInstanceOf(HistoryException.class).hasMessageContaining("cannot open the history store jdbc:sqlite:" + junk);
    }

    @Test
    void profileNamesBecomeSafeFileNames() {
        assertThat(StoreLocation.fileName("local demo")).isEqualTo("local demo.db");
        assertThat(StoreLocation.fileName("../etc/passwd")).isEqualTo("_.._etc_passwd.db");
        assertThat(StoreLocation.resolve(null, "prod", v -> null).file().getFileName().toString()).isEqualTo("prod.db");
        assertThat(StoreLocation.resolve(null, "prod", v -> v.equals(StoreLocation.URL_VARIABLE) ? "jdbc:postgresql://db/h" : null).dialect())
                .isEqualTo(StoreLocation.Dialect.POSTGRESQL);
        assertThatThrownBy(() -> StoreLocation.resolve("mysql://x", "prod", v -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:sqlite: or jdbc:postgresql:");
    }
}
