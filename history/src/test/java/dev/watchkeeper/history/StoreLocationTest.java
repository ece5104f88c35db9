package dev.watchkeeper.history;

import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.HistorySettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which store a profile's history goes to: --history-url, then the profile's setting, then the variable, then its own file. */
class StoreLocationTest {

    private static final HistorySettings SHARED = new HistorySettings("jdbc:postgresql://db.internal/watchkeeper", "recorder", "${HISTORY_PASSWORD}");

    @Test
    void theProfilesSettingWinsOverTheVariableAndTheOptionOverBoth() {
        Map<String, String> env = Map.of(StoreLocation.URL_VARIABLE, "jdbc:postgresql://other/h", "HISTORY_PASSWORD", "s3cret");
        StoreLocation fromProfile = StoreLocation.forProfile(null, "prod", SHARED, env::get);
        assertThat(fromProfile.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/watchkeeper");
        assertThat(fromProfile.user()).isEqualTo("recorder");
        assertThat(fromProfile.password()).isEqualTo("s3cret");
        assertThat(fromProfile.toString()).doesNotContain("s3cret");

        assertThat(StoreLocation.forProfile("jdbc:sqlite:/tmp/x.db", "prod", SHARED, env::get).jdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
        assertThat(StoreLocation.forProfile(null, "prod", HistorySettings.NONE, env::get).jdbcUrl()).isEqualTo("jdbc:postgresql://other/h");
        assertThat(StoreLocation.forProfile(null, "prod", null, v -> null).file().getFileName().toString()).isEqualTo("prod.db");
        assertThat(StoreLocation.forProfile(ConnectionProfile.localDemo().withHistory(SHARED), env::get).user()).isEqualTo("recorder");
    }

    @Test
    void aVariableTheSettingNeedsButIsUnsetIsAClearError() {
        assertThatThrownBy(() -> StoreLocation.forProfile(null, "prod", SHARED, v -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HISTORY_PASSWORD").hasMessageContaining("prod");
    }
}
