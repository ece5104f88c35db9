package dev.watchkeeper.app.notify;

import dev.watchkeeper.app.support.DemoSessions;
import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.app.export.FxFileChooserService;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Duration;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Notifications in the window: off the tables, a flood collapses into a summary, a kind can be muted and unmuted from the app bar. */
class NotificationsInWindowTest extends ApplicationTest {

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;
    private NotificationFlow flow;
    private final UiPrefs prefs = new UiPrefs(new MemoryPreferences());

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(40));
        session = DemoSessions.open(demo);
        window = new MainWindow(session, prefs, new FxFileChooserService(), null);
        flow = window.enableDesktopNotifications();
        stage.setScene(WatchkeeperApp.scene(window, 1000, 800));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    private Bounds inScene(Node n) throws Exception {
        return fx(() -> n.localToScene(n.getLayoutBounds()));
    }

    private void stall(String name) throws Exception {
        fx(() -> {
            flow.show("Stream stalled", "Stream stalled: " + name, "no block published for 4 min 12 s (stream STALLED)", () -> { });
            return null;
        });
    }

    @Test
    void aNotificationStaysOffTheTablesAndItsKindCanBeMutedAndUnmuted() throws Exception {
        stall("a.near/fn");
        ToastView toast = window.toast();
        await().atMost(Duration.ofSeconds(2)).until(() -> fx(toast::isVisible));
        assertThat(inScene(toast).intersects(inScene(window.tabs()))).as("toast over the tables").isFalse();

        clickOn("#" + ToastView.MUTE_ID);
        assertThat(fx(toast::isVisible)).isFalse();
        assertThat(prefs.mutedNotifications()).containsExactly("Stream stalled");
        Node menu = lookup("#" + MutedMenu.ID).query();
        assertThat(fx(menu::isVisible)).isTrue();

        stall("b.near/fn");
        assertThat(fx(toast::isVisible)).as("a muted kind is not shown").isFalse();

        clickOn(menu);
        clickOn("Unmute Stream stalled");
        assertThat(prefs.mutedNotifications()).isEmpty();
        assertThat(fx(menu::isVisible)).isFalse();
        stall("c.near/fn");
        assertThat(fx(toast::isVisible)).isTrue();
    }

    @Test
    void aFloodBecomesOneSummaryThatOpensAttention() throws Exception {
        interact(() -> window.selectTab(MainWindow.FLEET_TAB));
        for (int i = 0; i < 12; i++) {
            stall("idx" + i + ".near/fn");
        }
        ToastView toast = window.toast();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(toast::titleText).equals("9 new problems — open Attention"));
        clickOn(toast);
        assertThat(fx(() -> window.tabs().getSelectionModel().getSelectedItem().getId())).isEqualTo(MainWindow.ATTENTION_TAB);
    }
}
