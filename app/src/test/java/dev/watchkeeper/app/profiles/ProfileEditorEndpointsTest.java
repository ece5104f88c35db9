package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileStore;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-endpoint TLS, CA, client certificate and key, token and deadline: edited in the form, saved,
 * read back by the store exactly; bad input explained before anything is written.
 */
class ProfileEditorEndpointsTest extends ApplicationTest {

    private Path dir;
    private ProfileStore store;
    private Path ca;
    private Path cert;
    private Path key;
    private final Deque<Path> chosen = new ArrayDeque<>();
    private final List<String> titlesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private FileChooserService files;

    @Override
    public void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("wk-profile-endpoints");
        ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        cert = Files.writeString(dir.resolve("client.pem"), "-----BEGIN CERTIFICATE-----\n");
        key = Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n");
        store = new ProfileStore(dir);
        files = new FileChooserService() {
            @Override
            public Optional<Path> chooseSaveFile(Window owner, String title, String suggestedName, String extension) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> chooseOpenFile(Window owner, String title) {
                titlesAsked.add(title);
                return Optional.ofNullable(chosen.poll());
            }
        };
        stage.setScene(WatchkeeperApp.scene(new ProfileEditor(store, null, files, null), 980, 900));
        stage.show();
    }

    private static String id(String section, String field) {
        return "#" + section + field;
    }

    private String message() {
        return lookup("#" + ProfileEditor.MESSAGE_ID).queryAs(Label.class).getText();
    }

    private String checksShown() {
        Pane checks = lookup("#" + ProfileEditor.CHECKS_ID).queryAs(Pane.class);
        StringBuilder b = new StringBuilder();
        for (Node n : checks.getChildren()) {
            if (n.isVisible() && n instanceof Label l) {
                b.append(l.getText()).append('\n');
            }
        }
        return b.toString();
    }

    private void replace(String query, String text) {
        interact(() -> lookup(query).queryTextInputControl().clear());
        clickOn(query).write(text);
    }

    /** Name and Redis (covered by ProfileEditorTest) are set directly; the endpoint fields are typed. */
    private void fillBasics() {
        interact(() -> {
            lookup("#" + ProfileEditor.NAME_ID).queryTextInputControl().setText("mainnet");
            lookup("#" + ProfileEditor.REDIS_ID).queryTextInputControl().setText("rediss://redis.example.org:6380");
        });
    }

    @Test
    void everyEndpointKeepsItsOwnTlsCertificateTokenAndDeadlineThroughSaveAndReload() throws Exception {
        fillBasics();
        String c = ProfileEditor.COORDINATOR_ID;
        clickOn("#" + c).write("coordinator.example.org:9003");
        replace(id(c, ProfileEditor.DEADLINE), "2.5");
        clickOn(id(c, ProfileEditor.TLS));
        chosen.addAll(List.of(ca, cert, key));
        clickOn(id(c, ProfileEditor.CA + ProfileEditor.BROWSE));
        clickOn(id(c, ProfileEditor.CERT + ProfileEditor.BROWSE));
        clickOn(id(c, ProfileEditor.KEY + ProfileEditor.BROWSE));
        clickOn(id(c, ProfileEditor.TOKEN)).write("${COORDINATOR_TOKEN}");

        String r = ProfileEditor.RUNNER_ID;
        clickOn("#" + r).write("runner.example.org:7001");
        replace(id(r, ProfileEditor.DEADLINE), "500ms");
        clickOn(id(r, ProfileEditor.TLS));
        clickOn(id(r, ProfileEditor.TOKEN)).write("runner-secret");

        // the block streamer stays plaintext to another host: the form says so before saving
        clickOn("#" + ProfileEditor.BLOCK_STREAMER_ID).write("10.0.0.7:8002");
        assertThat(checksShown()).contains("block streamer: plaintext gRPC to 10.0.0.7:8002").doesNotContain("coordinator:");

        interact(() -> dev.watchkeeper.app.support.Screenshots.save(lookup(".wk-profile-editor").query(), "profile-editor.png"));
        clickOn("#" + ProfileEditor.SAVE_ID);
        assertThat(titlesAsked).hasSize(3).allSatisfy(t -> assertThat(t).contains("coordinator"));
        ConnectionProfile saved = store.load().byName("mainnet");
        assertThat(saved.coordinator()).isEqualTo(new Endpoint("coordinator.example.org:9003", true, ca.toString(), cert.toString(),
                key.toString(), "${COORDINATOR_TOKEN}", Duration.ofMillis(2500)));
        // storeSecrets is off: the runner's plain token is not written, and the message says so
        assertThat(saved.runner()).isEqualTo(new Endpoint("runner.example.org:7001", true, null, null, null, null, Duration.ofMillis(500)));
        assertThat(saved.blockStreamer()).isEqualTo(Endpoint.plaintext("10.0.0.7:8002"));
        assertThat(Files.readString(store.file())).doesNotContain("runner-secret");
        assertThat(message()).contains("Saved 'mainnet'", "runner.bearerToken not written (storeSecrets is off)",
                "Warning: block streamer: plaintext gRPC");

        clickOn("#" + ProfileEditor.STORE_SECRETS_ID);
        clickOn("#" + ProfileEditor.SAVE_ID);
        assertThat(store.load().byName("mainnet").runner().bearerToken()).isEqualTo("runner-secret");

        // opened again, the form shows the stored profile field for field
        ConnectionProfile reloaded = store.load().byName("mainnet");
        ProfileEditor again = interactFx(() -> new ProfileEditor(store, reloaded, files, null));
        assertThat(again.profile()).isEqualTo(reloaded);
    }

    private <T> T interactFx(java.util.concurrent.Callable<T> c) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aDeadlineThatIsNotAPositiveDurationIsNotSaved() {
        fillBasics();
        clickOn("#" + ProfileEditor.COORDINATOR_ID).write("127.0.0.1:9003");
        replace(id(ProfileEditor.COORDINATOR_ID, ProfileEditor.DEADLINE), "0");
        assertThat(checksShown()).contains("the coordinator deadline must be a positive duration");
        clickOn("#" + ProfileEditor.SAVE_ID);
        assertThat(message()).startsWith("Not saved: the coordinator deadline must be a positive duration").contains("not '0'");
        replace(id(ProfileEditor.RUNNER_ID, ProfileEditor.DEADLINE), "soon");
        clickOn("#" + ProfileEditor.RUNNER_ID).write("127.0.0.1:7001");
        replace(id(ProfileEditor.COORDINATOR_ID, ProfileEditor.DEADLINE), "5");
        clickOn("#" + ProfileEditor.SAVE_ID);
        assertThat(message()).startsWith("Not saved: the runner deadline").contains("not 'soon'");
        assertThat(Files.exists(store.file())).isFalse();
    }

    @Test
    void aCertificateWithoutItsKeyIsAnErrorAndAMissingFileIsFlagged() throws Exception {
        fillBasics();
        String c = ProfileEditor.COORDINATOR_ID;
        clickOn("#" + c).write("coordinator.example.org:9003");
        clickOn(id(c, ProfileEditor.TLS));
        chosen.add(cert);
        clickOn(id(c, ProfileEditor.CERT + ProfileEditor.BROWSE));
        clickOn("#" + ProfileEditor.SAVE_ID);
        assertThat(message()).isEqualTo("Not saved: the coordinator client certificate needs its private key file");
        assertThat(Files.exists(store.file())).isFalse();

        Path missing = dir.resolve("gone.key");
        clickOn(id(c, ProfileEditor.KEY)).write(missing.toString());
        assertThat(checksShown()).contains("the coordinator private key " + missing + " does not exist")
                .doesNotContain("needs its private key");
        clickOn("#" + ProfileEditor.SAVE_ID);
        // flagged, not refused: the file may be put in place before the profile is used
        assertThat(message()).contains("Saved 'mainnet'", "Warning: the coordinator private key " + missing + " does not exist");
        assertThat(store.load().byName("mainnet").coordinator().clientKeyFile()).isEqualTo(missing.toString());
    }

    @Test
    void fileFieldsNeedTlsAndTheDialogFitsTheScreen() {
        assertThat(lookup(id(ProfileEditor.RUNNER_ID, ProfileEditor.CA)).query().isDisabled()).isTrue();
        assertThat(lookup(id(ProfileEditor.RUNNER_ID, ProfileEditor.CA + ProfileEditor.BROWSE)).query().isDisabled()).isTrue();
        clickOn(id(ProfileEditor.RUNNER_ID, ProfileEditor.TLS));
        assertThat(lookup(id(ProfileEditor.RUNNER_ID, ProfileEditor.CA)).query().isDisabled()).isFalse();
        // the whole form, down to the save message, is inside the 980x900 window
        Node msg = lookup("#" + ProfileEditor.MESSAGE_ID).query();
        assertThat(msg.localToScene(msg.getBoundsInLocal()).getMinY()).isLessThan(900);
        Node editor = lookup(".wk-profile-editor").query();
        assertThat(editor.prefHeight(980)).isLessThan(900);
    }
}
