package dev.watchkeeper.app.status;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.WatchkeeperApp;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.model.audit.AuditLog;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The status bar shows the coordinator's next reconnect attempt and the connection's security warnings. */
class ConnectionStatusBarTest extends ApplicationTest {

    @TempDir
    Path dir;

    private final StackPane root = new StackPane();
    private LocalRedisServer redis;
    private ConsoleSession session;

    @Override
    public void start(Stage stage) {
        redis = LocalRedisServer.start();
        stage.setScene(WatchkeeperApp.scene(root, 980, 600));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            interact(session::close);
        }
        redis.close();
    }

    private void open(Endpoint coordinator) {
        ConnectionProfile p = new ConnectionProfile("status test", coordinator.withDeadline(Duration.ofSeconds(1)), null, null,
                new RedisSettings(redis.uri(), Duration.ofMillis(500), null), false);
        interact(() -> {
            session = new ConsoleSession(p, new AuditLog(dir.resolve("audit.jsonl")));
            root.getChildren().setAll(new MainWindow(session));
        });
    }

    private Label label(String id) {
        return lookup("#" + id).queryAs(Label.class);
    }

    @Test
    void anUnreachableCoordinatorShowsWhenItIsTriedNextLikeTheOtherSources() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        open(Endpoint.plaintext("127.0.0.1:" + closedPort));
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> assertThat(label("status-coordinator").getText())
                .matches("Coordinator: reconnecting \\(next try in \\d+ s\\)"));
        assertThat(label("status-coordinator").getTooltip().getText())
                .contains("127.0.0.1:" + closedPort, "unreachable", "reconnecting since ", "no data confirmed yet", "next try at ");
        // loopback plaintext exposes nothing: no warning badge
        assertThat(label(StatusBar.WARNINGS_ID).isVisible()).isFalse();
    }

    @Test
    void plaintextToARemoteCoordinatorShowsAWarningBadgeWithTheReason() {
        // TEST-NET-1: never answers, and nothing here needs it to
        open(Endpoint.plaintext("192.0.2.10:9003"));
        Label badge = label(StatusBar.WARNINGS_ID);
        await().atMost(5, TimeUnit.SECONDS).until(badge::isVisible);
        assertThat(badge.getText()).isEqualTo("1 security warning");
        assertThat(badge.getTooltip().getText()).contains("coordinator: plaintext gRPC to 192.0.2.10:9003", "turn TLS on");
        assertThat(badge.localToScreen(badge.getBoundsInLocal()).getWidth()).isPositive();
        interact(() -> dev.watchkeeper.app.support.Screenshots.save(badge.getParent(), "status-bar-warning.png"));
        assertThat(badge.getStyleClass()).contains(Styles.WARNING).doesNotContain(Styles.DANGER);
    }

    @Test
    void anInsecureSettingTheProfileAllowsShowsARedBadgeWhileConnected() {
        open(Endpoint.plaintext("192.0.2.10:9003").withBearerToken("tok-123").withPlaintextTokenAllowed(true));
        Label badge = label(StatusBar.WARNINGS_ID);
        await().atMost(5, TimeUnit.SECONDS).until(badge::isVisible);
        assertThat(badge.getText()).startsWith("Insecure");
        assertThat(badge.getStyleClass()).contains(Styles.DANGER).doesNotContain(Styles.WARNING);
        assertThat(badge.getTooltip().getText()).contains("insecure: plaintext gRPC to 192.0.2.10:9003", "bearer token")
                .doesNotContain("tok-123");
    }
}
