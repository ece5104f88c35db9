package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The profile editor writes what ProfileStore reads back, and keeps secrets out of the file unless asked. */
class ProfileEditorTest extends ApplicationTest {

    private Path dir;
    private ProfileStore store;
    private Path chosenCa;
    /** What the scripted file chooser answers next (the CA file once the queue is empty). */
    private final java.util.Deque<Path> chosen = new java.util.ArrayDeque<>();

    @Override
    public void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("wk-profiles");
        chosenCa = dir.resolve("ca.pem");
        store = new ProfileStore(dir);
        ProfileEditor editor = new ProfileEditor(store, null, new dev.watchkeeper.app.export.FileChooserService() {
            @Override
            public Optional<Path> chooseSaveFile(javafx.stage.Window owner, String title, String suggestedName, String extension) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> chooseOpenFile(javafx.stage.Window owner, String title) {
                return Optional.of(chosen.isEmpty() ? chosenCa : chosen.poll());
            }
        }, null);
        stage.setScene(WatchkeeperApp.scene(editor, 980, 900));
        stage.show();
    }

    private void fillMainnet(String token) {
        clickOn("#" + ProfileEditor.NAME_ID).write("mainnet");
        clickOn("#" + ProfileEditor.COORDINATOR_ID).write("coordinator.example.org:9003");
        clickOn("#" + ProfileEditor.RUNNER_ID).write("runner.example.org:7001");
        clickOn("#" + ProfileEditor.COORDINATOR_ID + ProfileEditor.TLS);
        clickOn("#" + ProfileEditor.COORDINATOR_ID + ProfileEditor.CA + ProfileEditor.BROWSE);
        clickOn("#" + ProfileEditor.COORDINATOR_ID + ProfileEditor.TOKEN).write(token);
        clickOn("#" + ProfileEditor.REDIS_ID).write("rediss://reader:${REDIS_PASSWORD}@redis.example.org:6380");
        doubleClickOn("#" + ProfileEditor.POLL_ID).write("5");
        clickOn("#" + ProfileEditor.NAMESPACE_ID).write("UNISWAPV2");
        clickOn("#" + ProfileEditor.READ_ONLY_ID);
    }

    @Test
    void savesAProfileTheStoreReadsBackWithoutThePlainToken() throws Exception {
        fillMainnet("s3cret-token");
        clickOn("#" + ProfileEditor.SAVE_ID);

        ConnectionProfile p = store.load().byName("mainnet");
        assertThat(p).isNotNull();
        assertThat(p.coordinator().target()).isEqualTo("coordinator.example.org:9003");
        assertThat(p.coordinator().tls()).isTrue();
        assertThat(p.coordinator().caFile()).isEqualTo(chosenCa.toString());
        assertThat(p.runner().target()).isEqualTo("runner.example.org:7001");
        assertThat(p.blockStreamer()).isNull();
        assertThat(p.redis().uri()).isEqualTo("rediss://reader:${REDIS_PASSWORD}@redis.example.org:6380");
        assertThat(p.redis().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.redis().snapshotterNamespace()).isEqualTo("UNISWAPV2");
        assertThat(p.readOnly()).isTrue();
        assertThat(p.coordinator().bearerToken()).isNull();
        assertThat(Files.readString(store.file())).doesNotContain("s3cret-token");
        assertThat(lookup("#" + ProfileEditor.MESSAGE_ID).queryAs(Label.class).getText())
                .contains("Saved 'mainnet'", "not written (storeSecrets is off)");
        // the built-in profile is still there
        assertThat(store.load().byName(ConnectionProfile.LOCAL_DEMO)).isNotNull();
    }

    @Test
    void writesTheTokenOnlyWhenAskedAndKeepsEnvReferences() throws Exception {
        fillMainnet("${MAINNET_TOKEN}");
        clickOn("#" + ProfileEditor.SAVE_ID);
        assertThat(store.load().byName("mainnet").coordinator().bearerToken()).isEqualTo("${MAINNET_TOKEN}");

        String token = "#" + ProfileEditor.COORDINATOR_ID + ProfileEditor.TOKEN;
        interact(() -> lookup(token).queryTextInputControl().clear());
        clickOn(token).write("s3cret-token");
        clickOn("#" + ProfileEditor.STORE_SECRETS_ID);
        clickOn("#" + ProfileEditor.SAVE_ID);

        ConnectionProfile p = store.load().byName("mainnet");
        assertThat(p.coordinator().bearerToken()).isEqualTo("s3cret-token");
        assertThat(p.storeSecrets()).isTrue();
        assertThat(Files.readString(store.file())).contains("s3cret-token");
        assertThat(store.load().profiles().stream().filter(c -> c.name().equals("mainnet"))).hasSize(1);
    }

    @Test
    void anIncompleteFormIsNotSavedAndSaysWhy() {
        clickOn("#" + ProfileEditor.NAME_ID).write("broken");
        clickOn("#" + ProfileEditor.SAVE_ID);
        assertThat(lookup("#" + ProfileEditor.MESSAGE_ID).queryAs(Label.class).getText()).startsWith("Not saved:").contains("coordinator");
        assertThat(Files.exists(store.file())).isFalse();
    }
}
