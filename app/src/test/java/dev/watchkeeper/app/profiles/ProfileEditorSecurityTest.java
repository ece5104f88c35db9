package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.app.support.Screenshots;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import dev.watchkeeper.connectors.redis.RedisSettings;
import javafx.scene.control.CheckBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor never shows the Redis password in clear, and an insecure setting must be ticked, visibly, to be saved. */
class ProfileEditorSecurityTest extends ApplicationTest {

    private ProfileStore store;
    private ProfileEditor editor;

    @Override
    public void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("wk-profiles");
        store = new ProfileStore(dir);
        ConnectionProfile lab = new ConnectionProfile("lab", Endpoint.plaintext("10.0.0.5:9003"), null, null,
                RedisSettings.of("rediss://reader:hunter2@10.0.0.5:6380"), ConnectionProfile.DEFAULT_HEALTH_POLL, false, true);
        editor = new ProfileEditor(store, lab, new dev.watchkeeper.app.export.FileChooserService() {
            @Override
            public Optional<Path> chooseSaveFile(javafx.stage.Window owner, String title, String suggestedName, String extension) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> chooseOpenFile(javafx.stage.Window owner, String title) {
                return Optional.empty();
            }
        }, null);
        stage.setScene(WatchkeeperApp.scene(editor, 980, 900));
        stage.show();
    }

    private <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theRedisPasswordIsInAMaskedFieldAndRejoinsTheUriOnSave() throws Exception {
        assertThat(lookup("#" + ProfileEditor.REDIS_ID).queryAs(TextField.class).getText())
                .isEqualTo("rediss://reader:@10.0.0.5:6380").doesNotContain("hunter2");
        Object passwordField = lookup("#" + ProfileEditor.REDIS_PASSWORD_ID).query();
        assertThat(passwordField).isInstanceOf(PasswordField.class);
        assertThat(lookup("#" + ProfileEditor.REDIS_PASSWORD_ID).queryAs(PasswordField.class).getText()).isEqualTo("hunter2");
        assertThat(fx(() -> editor.profile().redis().uri())).isEqualTo("rediss://reader:hunter2@10.0.0.5:6380");
    }

    @Test
    void weakenedTlsAndPlaintextSecretsAreSavedOnlyWithTheirInsecureBoxTicked() throws Exception {
        TextField uri = lookup("#" + ProfileEditor.REDIS_ID).queryAs(TextField.class);
        interact(() -> uri.setText("rediss://reader:@10.0.0.5:6380?verifyPeer=NONE"));
        clickOn("#" + ProfileEditor.COORDINATOR_ID + ProfileEditor.TOKEN).write("tok");
        assertThat(fx(() -> editor.checks().errors())).hasSize(2)
                .anySatisfy(e -> assertThat(e).contains("verifyPeer", "Insecure: skip certificate verification"))
                .anySatisfy(e -> assertThat(e).contains("bearer token", "Insecure: token without TLS"));
        assertThat(fx(editor::save)).isFalse();

        clickOn("#" + ProfileEditor.REDIS_SKIP_VERIFY_ID);
        clickOn("#" + ProfileEditor.COORDINATOR_ID + ProfileEditor.PLAINTEXT_TOKEN);
        assertThat(fx(() -> editor.checks().errors())).isEmpty();
        interact(() -> Screenshots.save(editor, "profile-editor-insecure.png"));
        assertThat(fx(editor::save)).isTrue();
        ConnectionProfile saved = store.load().byName("lab");
        assertThat(saved.redis().insecureSkipVerify()).isTrue();
        assertThat(saved.coordinator().allowPlaintextToken()).isTrue();
        assertThat(lookup("#" + ProfileEditor.REDIS_SKIP_VERIFY_ID).queryAs(CheckBox.class).isSelected()).isTrue();
    }
}
