package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.ConsoleOptions;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --profile and --read-only on the command line, and launch options as an ad-hoc profile. */
class LaunchProfilesTest {

    @TempDir
    Path dir;

    @Test
    void profileAndReadOnlyOptionsAreParsed() {
        ConsoleOptions o = ConsoleOptions.parse(List.of("--profile", "mainnet", "--read-only"));
        assertThat(o.profile()).isEqualTo("mainnet");
        assertThat(o.readOnly()).isTrue();
        assertThat(o.demo()).isFalse();

        ConsoleOptions demo = ConsoleOptions.parse(List.of("--demo", "--read-only"));
        assertThat(demo.demo()).isTrue();
        assertThat(demo.profile()).isNull();
        assertThat(demo.readOnly()).isTrue();
        assertThat(ConsoleOptions.parse(List.of()).readOnly()).isFalse();
    }

    @Test
    void aProfileCannotBeMixedWithEndpoints() {
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--profile", "mainnet", "--coordinator", "h:1", "--redis", "redis://h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--profile replaces");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--profile")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Missing required parameter for option '--profile'");
    }

    @Test
    void anUnknownProfileNameIsAClearErrorListingTheKnownOnes() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        store.save(List.of(ConsoleSession.adHocProfile("testnet", "127.0.0.1:9003", "redis://127.0.0.1:6379", null, null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(5), false)));
        assertThat(LaunchProfiles.named(store, "testnet").coordinator().target()).isEqualTo("127.0.0.1:9003");
        assertThatThrownBy(() -> LaunchProfiles.named(store, "mainnet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no connection profile named 'mainnet'")
                .hasMessageContaining(store.file().toString())
                .hasMessageContaining("'testnet'", "'" + ConnectionProfile.LOCAL_DEMO + "'");
    }

    @Test
    void theStoreDirectoryCanBeOverriddenBySystemProperty() {
        String old = System.getProperty(LaunchProfiles.DIR_PROPERTY);
        System.setProperty(LaunchProfiles.DIR_PROPERTY, dir.toString());
        try {
            assertThat(LaunchProfiles.store().file()).isEqualTo(dir.resolve(ProfileStore.FILE_NAME));
        } finally {
            if (old == null) {
                System.clearProperty(LaunchProfiles.DIR_PROPERTY);
            } else {
                System.setProperty(LaunchProfiles.DIR_PROPERTY, old);
            }
        }
    }

    @Test
    void launchOptionsBecomeAnAdHocProfileAndReadOnlyForcesIt() {
        ConnectionProfile p = ConsoleSession.adHocProfile("ops", "10.0.0.1:9003", "redis://10.0.0.2:6379", "10.0.0.1:8002", null, "NS",
                Duration.ofMillis(500), Duration.ofSeconds(3), false);
        assertThat(p.coordinator().deadline()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.blockStreamer().target()).isEqualTo("10.0.0.1:8002");
        assertThat(p.runner()).isNull();
        assertThat(p.redis().snapshotterNamespace()).isEqualTo("NS");
        assertThat(p.healthPollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.readOnly()).isFalse();
        ConnectionProfile ro = LaunchProfiles.readOnly(p, true);
        assertThat(ro.readOnly()).isTrue();
        assertThat(ro.name()).isEqualTo("ops");
        assertThat(LaunchProfiles.choice(ro).readOnly()).isTrue();
        assertThat(LaunchProfiles.readOnly(p, false)).isSameAs(p);
    }
}
