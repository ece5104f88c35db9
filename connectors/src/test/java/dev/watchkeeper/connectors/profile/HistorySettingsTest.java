package dev.watchkeeper.connectors.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The profile's history store setting: a JDBC URL with its credentials, secrets handled like the other profile secrets. */
class HistorySettingsTest {

    @TempDir
    Path dir;

    private static HistorySettings shared(String password) {
        return new HistorySettings("jdbc:postgresql://db.internal/watchkeeper?sslmode=verify-full", "recorder", password);
    }

    @Test
    void survivesSaveAndLoadAndKeepsThePasswordOnlyWhenSecretsAreStored() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        ConnectionProfile plain = ConnectionProfile.localDemo().withHistory(shared("hunter2"));
        assertThat(plain.plainSecrets()).contains("history.password");
        List<String> notes = store.save(List.of(plain));
        assertThat(notes).anyMatch(n -> n.contains("history.password"));
        assertThat(Files.readString(store.file())).doesNotContain("hunter2").contains("\"history\"").contains("recorder");
        assertThat(store.load().byName(ConnectionProfile.LOCAL_DEMO).history()).isEqualTo(shared(null));

        store.save(List.of(plain.withHistory(shared("${HISTORY_PASSWORD}"))));
        ConnectionProfile loaded = store.load().byName(ConnectionProfile.LOCAL_DEMO);
        assertThat(loaded.history()).isEqualTo(shared("${HISTORY_PASSWORD}"));
        assertThat(loaded.resolve(Map.of("HISTORY_PASSWORD", "s3cret")::get).history().password()).isEqualTo("s3cret");

        ConnectionProfile stored = ConnectionProfile.localDemo().withHistory(shared("hunter2"));
        stored = new ConnectionProfile(stored.name(), stored.coordinator(), stored.blockStreamer(), stored.runner(), stored.redis(),
                stored.healthPollInterval(), false, true, stored.observability(), stored.history());
        store.save(List.of(stored));
        assertThat(store.load().byName(ConnectionProfile.LOCAL_DEMO).history().password()).isEqualTo("hunter2");
    }

    @Test
    void aPasswordInTheUrlIsASecretToo() throws Exception {
        ConnectionProfile p = ConnectionProfile.localDemo()
                .withHistory(new HistorySettings("jdbc:postgresql://db/h?user=rec&password=hunter2&sslmode=require", null, null));
        assertThat(p.plainSecrets()).contains("history.url password");
        ProfileStore store = new ProfileStore(dir);
        store.save(List.of(p));
        assertThat(Files.readString(store.file())).doesNotContain("hunter2").contains("jdbc:postgresql://db/h?user=rec&sslmode=require");
    }

    @Test
    void withoutASettingTheDefaultStoreIsUsedAndBadSettingsAreClearErrors() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        store.save(List.of(ConnectionProfile.localDemo()));
        assertThat(Files.readString(store.file())).doesNotContain("history");
        assertThat(store.load().profiles().getFirst().history()).isEqualTo(HistorySettings.NONE);
        assertThatThrownBy(() -> new HistorySettings("mysql://db/h", null, null)).hasMessageContaining("jdbc:sqlite: or jdbc:postgresql:");
        assertThatThrownBy(() -> new HistorySettings(null, "u", "p")).hasMessageContaining("need its url");
        Files.writeString(dir.resolve(ProfileStore.FILE_NAME), """
                {"profiles": [{"name": "prod", "coordinator": {"target": "c:9003"}, "redis": {"uri": "redis://r:6379"},
                  "history": {"url": 5}}]}
                """);
        assertThat(new ProfileStore(dir).load().problems()).anyMatch(p -> p.contains("history: \"url\" must be a string"));
    }
}
