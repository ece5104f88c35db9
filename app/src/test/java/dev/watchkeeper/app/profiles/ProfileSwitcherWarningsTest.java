package dev.watchkeeper.app.profiles;

import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.redis.RedisSettings;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A profile whose settings are insecure is marked in the switcher's list, with the reason, before anyone switches to it. */
class ProfileSwitcherWarningsTest extends ApplicationTest {

    private ProfileSwitcher switcher;

    @Override
    public void start(Stage stage) {
        ConnectionProfile local = new ConnectionProfile("local", Endpoint.plaintext("127.0.0.1:9003"), null, null,
                RedisSettings.of("redis://127.0.0.1:6379"), false);
        ConnectionProfile remote = new ConnectionProfile("remote plaintext", Endpoint.plaintext("192.0.2.10:9003"), null, null,
                RedisSettings.of("redis://127.0.0.1:6379"), false);
        switcher = new ProfileSwitcher(List.of(LaunchProfiles.choice(local), LaunchProfiles.choice(remote)),
                LaunchProfiles.choice(local), p -> { });
        stage.setScene(new Scene(switcher, 600, 300));
        stage.show();
    }

    private Optional<ListCell<?>> listCell(String name) {
        return lookup(".list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> name.equals(c.getText()) && c.getScene() != switcher.getScene())
                .<ListCell<?>>map(c -> c).findFirst();
    }

    @Test
    void anInsecureProfileIsMarkedWithTheReasonAndASafeOneIsNot() {
        clickOn("#" + ProfileSwitcher.COMBO_ID);
        WaitForAsyncUtils.waitForFxEvents();

        ListCell<?> remote = listCell("remote plaintext").orElseThrow();
        assertThat(remote.getGraphic()).as("warning mark").isNotNull();
        assertThat(remote.getTooltip().getText()).contains("192.0.2.10").containsIgnoringCase("plaintext");

        ListCell<?> local = listCell("local").orElseThrow();
        assertThat(local.getGraphic()).isNull();
        assertThat(local.getTooltip().getText()).contains("coordinator 127.0.0.1:9003");
    }
}
