package dev.watchkeeper.app.profiles;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.connectors.profile.ProfileStore;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Switching profiles in the app bar reconnects the whole console; a read-only profile disables every command. */
class ProfileSwitchWorkflowTest extends ApplicationTest {

    @TempDir
    static Path dir;

    private DemoStack first;
    private DemoStack second;
    private ConsoleShell shell;
    private ProfileStore store;
    private AuditLog audit;
    private ConnectionProfile launch;
    private Stage stage;

    @Override
    public void start(Stage stage) throws Exception {
        first = DemoStack.start(SimConfig.defaults().withIndexers(12));
        second = DemoStack.start(SimConfig.defaults().withIndexers(21));
        Path profiles = Files.createTempDirectory(dir, "profiles");
        this.stage = stage;
        store = new ProfileStore(profiles);
        launch = profile("first", first, false);
        ConnectionProfile broken = new ConnectionProfile("broken", Endpoint.plaintext("${WK_TEST_UNSET_COORDINATOR}"), null, null,
                RedisSettings.of(second.redisUri()), false);
        store.save(List.of(profile("second", second, false), profile("second read-only", second, true), broken));
        audit = new AuditLog(profiles.resolve("audit.jsonl"));
        shell = shell(false);
        stage.setScene(WatchkeeperApp.scene(shell, 980, 700));
        stage.show();
    }

    private ConsoleShell shell(boolean sessionReadOnly) {
        return new ConsoleShell(store, launch, p -> new ConsoleSession(p, audit), session -> {
            MainWindow w = new MainWindow(session);
            w.selectTab(MainWindow.FLEET_TAB);
            return w;
        }, null, sessionReadOnly);
    }

    private static ConnectionProfile profile(String name, DemoStack demo, boolean readOnly) {
        return ConsoleSession.adHocProfile(name, demo.coordinatorTarget(), demo.redisUri(), demo.blockStreamerTarget(), demo.runnerTarget(),
                null, Duration.ofSeconds(1), Duration.ofSeconds(5), readOnly);
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> shell.close());
        first.close();
        second.close();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private ComboBox<ProfileChoice> combo() {
        return lookup("#" + ProfileSwitcher.COMBO_ID).queryAs(ComboBox.class);
    }

    private TableView<IndexerRow> table() {
        return lookup("#" + FleetView.TABLE_ID).queryTableView();
    }

    private void choose(String name) throws Exception {
        clickOn("#" + ProfileSwitcher.COMBO_ID);
        clickOn(name);
    }

    @Test
    void choosingAnotherProfileReconnectsToItsControlPlane() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table().getItems().size()) == 12);
        assertThat(fx(() -> combo().getItems().stream().map(ProfileChoice::name).toList()))
                .contains("first", "second", "second read-only", ConnectionProfile.LOCAL_DEMO);
        ConsoleSession old = fx(() -> shell.sessionProperty().get());

        choose("second");

        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> shell.sessionProperty().get() != old));
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table().getItems().size()) == 21);
        assertThat(fx(() -> combo().getValue().name())).isEqualTo("second");
        assertThat(fx(() -> lookup("#" + ProfileSwitcher.READ_ONLY_BADGE_ID).query().isVisible())).isFalse();
        // the old session's rows are gone for good: the new window stays on the second stack
        assertThat(fx(() -> shell.sessionProperty().get().fleet() != old.fleet())).isTrue();
    }

    @Test
    void aReadOnlyProfileDisablesEveryCommandAndSaysWhy() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table().getItems().size()) == 12);

        choose("second read-only");

        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table().getItems().size()) == 21);
        assertThat(fx(() -> lookup("#" + ProfileSwitcher.READ_ONLY_BADGE_ID).query().isVisible())).isTrue();
        fx(() -> {
            table().getSelectionModel().select(0);
            return null;
        });
        CommandBar bar = lookup(".wk-command-bar").queryAs(CommandBar.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> {
            for (CommandKind kind : CommandKind.values()) {
                if (!bar.button(kind).isDisabled() || !bar.availabilityText(kind).contains("read-only")) {
                    return false;
                }
            }
            return true;
        }));
        assertThat(CommandKind.values()).hasSize(5);
    }

    @Test
    void aSessionLaunchedReadOnlyStaysReadOnlyWhicheverProfileIsChosen() throws Exception {
        interact(() -> {
            shell.close();
            shell = shell(true);
            stage.getScene().setRoot(shell);
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table().getItems().size()) == 12);
        assertThat(fx(() -> shell.sessionProperty().get().profile().readOnly())).isTrue();
        assertThat(fx(() -> combo().getItems().stream().allMatch(ProfileChoice::readOnly))).isTrue();

        choose("second");

        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table().getItems().size()) == 21);
        ConsoleSession now = fx(() -> shell.sessionProperty().get());
        assertThat(now.profile().name()).isEqualTo("second");
        assertThat(now.profile().readOnly()).isTrue();
        assertThat(fx(() -> lookup("#" + ProfileSwitcher.READ_ONLY_BADGE_ID).query().isVisible())).isTrue();
        assertThat(fx(() -> now.commands().unsupportedReason(CommandKind.SUSPEND))).contains("read-only");
    }

    @Test
    void aProfileThatCannotBeUsedKeepsTheCurrentConnectionAndSaysWhy() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> table().getItems().size()) == 12);
        ConsoleSession old = fx(() -> shell.sessionProperty().get());
        assertThat(fx(() -> lookup("#" + ConsoleShell.PROBLEM_ID).query().isVisible())).isFalse();

        choose("broken");

        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> shell.problemProperty().get()) != null);
        assertThat(fx(() -> shell.problemProperty().get())).contains("cannot switch profile", "WK_TEST_UNSET_COORDINATOR");
        assertThat(fx(() -> lookup("#" + ConsoleShell.PROBLEM_ID).query().isVisible())).isTrue();
        assertThat(fx(() -> shell.sessionProperty().get())).isSameAs(old);
        assertThat(fx(() -> combo().getValue().name())).isEqualTo("first");
        assertThat(fx(() -> table().getItems().size())).isEqualTo(12);
    }
}
