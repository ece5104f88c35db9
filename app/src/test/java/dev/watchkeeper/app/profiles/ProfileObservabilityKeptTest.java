package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.HistorySettings;
import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import dev.watchkeeper.connectors.profile.ProfileStore;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor and the read-only switch have no fields for the logs database, metrics and history store: they keep what the file says. */
class ProfileObservabilityKeptTest extends ApplicationTest {

    static final ObservabilitySettings OBS = new ObservabilitySettings("jdbc:postgresql://pg.internal:5432?sslmode=require", "reader",
            "${PG_PASSWORD}", "http://bs.internal:9180/metrics", "http://runner.internal:9180/metrics", null, null, Duration.ofSeconds(30));
    static final HistorySettings HISTORY = new HistorySettings("jdbc:postgresql://db.internal/watchkeeper", "recorder", "${HISTORY_PASSWORD}");
    static final ConnectionProfile WITH_OBS = ConnectionProfile.localDemo().withObservability(OBS).withHistory(HISTORY);

    private ProfileEditor editor;

    @Override
    public void start(Stage stage) throws Exception {
        editor = new ProfileEditor(new ProfileStore(Files.createTempDirectory("wk-obs")), WITH_OBS, new dev.watchkeeper.app.export.FileChooserService() {
            @Override
            public Optional<java.nio.file.Path> chooseSaveFile(javafx.stage.Window owner, String title, String suggestedName, String extension) {
                return Optional.empty();
            }

            @Override
            public Optional<java.nio.file.Path> chooseOpenFile(javafx.stage.Window owner, String title) {
                return Optional.empty();
            }
        }, null);
        stage.setScene(WatchkeeperApp.scene(editor, 980, 900));
        stage.show();
    }

    @Test
    void editingOrForcingReadOnlyKeepsTheObservabilitySettings() throws Exception {
        ConnectionProfile edited = WaitForAsyncUtils.asyncFx(() -> editor.profile()).get(10, TimeUnit.SECONDS);
        assertThat(edited.observability()).isEqualTo(OBS);
        assertThat(LaunchProfiles.readOnly(WITH_OBS, true).observability()).isEqualTo(OBS);
        assertThat(edited.history()).isEqualTo(HISTORY);
        assertThat(LaunchProfiles.readOnly(WITH_OBS, true).history()).isEqualTo(HISTORY);
        assertThat(LaunchProfiles.withDeadline(WITH_OBS, Duration.ofSeconds(3)).history()).isEqualTo(HISTORY);
        assertThat(LaunchProfiles.withDeadline(WITH_OBS, Duration.ofSeconds(3)).observability()).isEqualTo(OBS);
    }
}
