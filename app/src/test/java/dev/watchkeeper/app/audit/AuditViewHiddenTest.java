package dev.watchkeeper.app.audit;

import dev.watchkeeper.model.audit.AuditLog;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit tab behind another tab: its "as of" line stands still, and is current the moment the tab is shown. */
class AuditViewHiddenTest extends ApplicationTest {

    @TempDir
    static Path dir;
    private AuditViewModel model;
    private TabPane tabs;
    private Tab audit;

    @Override
    public void start(Stage stage) {
        model = new AuditViewModel(new AuditLog(dir.resolve("audit.jsonl")), Clock.systemUTC()).start(100);
        audit = new Tab("Audit", new AuditView(model));
        tabs = new TabPane(audit, new Tab("Fleet", new Label("fleet")));
        stage.setScene(new Scene(tabs, 900, 500));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    private String freshness() throws Exception {
        return fx(() -> lookup("#" + AuditView.FRESHNESS_ID).queryAs(Label.class).getText());
    }

    private String readAt() throws Exception {
        return fx(() -> AuditView.CLOCK.format(model.readAtProperty().get()));
    }

    @Test
    void theFreshnessLineOfAHiddenAuditTabStandsStillAndIsCurrentWhenShown() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> freshness().contains(" · as of "));
        fx(() -> {
            tabs.getSelectionModel().select(1);
            return null;
        });
        String hidden = freshness();
        // the model reads the file every 100 ms: wait until its time has moved on by a second
        await().atMost(Duration.ofSeconds(5)).until(() -> !hidden.endsWith(readAt()));

        assertThat(freshness()).isEqualTo(hidden);

        // shown, and read in the same FX event as the model's time: the line is current at once
        String[] shown = fx(() -> {
            tabs.getSelectionModel().select(audit);
            return new String[]{lookup("#" + AuditView.FRESHNESS_ID).queryAs(Label.class).getText(),
                    AuditView.CLOCK.format(model.readAtProperty().get())};
        });
        assertThat(shown[0]).isNotEqualTo(hidden).endsWith(shown[1]);
    }
}
