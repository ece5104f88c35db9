package dev.watchkeeper.connectors.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservabilitySettingsTest {

    @TempDir
    Path dir;

    static ObservabilitySettings full(String password) {
        return new ObservabilitySettings("jdbc:postgresql://pg.internal:5432?sslmode=verify-full", "watchkeeper_ro", password,
                "http://127.0.0.1:9180/metrics", "http://127.0.0.1:9181/metrics", "https://prom.internal", "http://127.0.0.1:8002",
                Duration.ofSeconds(30));
    }

    @Test
    void survivesSaveAndLoadAndKeepsThePasswordOnlyWhenSecretsAreStored() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        ConnectionProfile plain = ConnectionProfile.localDemo().withObservability(full("hunter2"));
        List<String> notes = store.save(List.of(plain));
        assertThat(notes).anyMatch(n -> n.contains("observability.logsDatabasePassword"));
        assertThat(Files.readString(store.file())).doesNotContain("hunter2").contains("watchkeeper_ro");
        assertThat(store.load().byName(ConnectionProfile.LOCAL_DEMO).observability()).isEqualTo(full(null));

        ConnectionProfile withRef = plain.withObservability(full("${PG_PASSWORD}"));
        store.save(List.of(withRef));
        ConnectionProfile loaded = store.load().byName(ConnectionProfile.LOCAL_DEMO);
        assertThat(loaded.observability()).isEqualTo(full("${PG_PASSWORD}"));
        assertThat(loaded.resolve(Map.of("PG_PASSWORD", "s3cret")::get).observability().logsDatabasePassword()).isEqualTo("s3cret");
    }

    @Test
    void aProfileWithoutObservabilityWritesNoneAndReadsNone() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        store.save(List.of(ConnectionProfile.localDemo()));
        assertThat(Files.readString(store.file())).doesNotContain("observability");
        assertThat(store.load().profiles().getFirst().observability()).isEqualTo(ObservabilitySettings.NONE);
        assertThat(ObservabilitySettings.NONE.metricsInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void refusesUrlsThatAreNotHttpAndWarnsOfPlainTrafficToRemoteHosts() throws Exception {
        assertThatThrownBy(() -> new ObservabilitySettings(null, null, null, "ftp://x/metrics", null, null, null, null))
                .hasMessageContaining("blockStreamerMetricsUrl must be an http:// or https:// URL");
        Files.writeString(dir.resolve(ProfileStore.FILE_NAME), """
                {"profiles": [{"name": "prod", "coordinator": {"target": "c:9003"}, "redis": {"uri": "redis://r:6379"},
                  "observability": {"runnerMetricsUrl": 7}}]}
                """);
        assertThat(new ProfileStore(dir).load().problems()).anyMatch(p -> p.contains("\"runnerMetricsUrl\" must be a string"));
        ConnectionProfile remote = ConnectionProfile.localDemo().withObservability(new ObservabilitySettings(
                "postgresql://pg.internal:5432", null, null, "http://runner.internal:9180/metrics", null, null, null, null));
        assertThat(remote.securityWarnings()).anyMatch(w -> w.contains("logs database: no sslmode"))
                .anyMatch(w -> w.contains("http://runner.internal:9180/metrics: plain HTTP"));
    }
}
