package dev.watchkeeper.app.audit;

import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.audit.AuditOutcome;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuditViewTest extends ApplicationTest {

    @TempDir
    static Path dir;
    private AuditLog log;
    private AuditViewModel model;

    @Override
    public void start(Stage stage) {
        log = new AuditLog(dir.resolve("audit-" + System.nanoTime() + ".jsonl"));
        log.append(entry("Suspend", "a.near/one", "", AuditOutcome.CONFIRMED, Instant.parse("2026-11-23T10:00:00Z")));
        log.append(entry("Delete", "b.near/two", "abandoned", AuditOutcome.FAILED, Instant.parse("2026-11-23T10:05:00Z")));
        model = new AuditViewModel(log, Clock.systemUTC()).start(100);
        stage.setScene(new Scene(new AuditView(model), 900, 500));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    private static AuditEntry entry(String command, String target, String reason, AuditOutcome outcome, Instant t) {
        return AuditEntry.draft(t, "alice", "prod", command, List.of(target), reason, outcome, "state is Suspended");
    }

    @Test
    void showsEntriesNewestFirstLiveAndVerifiesTheChain() throws Exception {
        TableView<AuditEntry> table = lookup("#" + AuditView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> table.getItems().size()) == 2);
        assertThat(fx(() -> table.getItems().stream().map(AuditEntry::command).toList())).containsExactly("Delete", "Suspend");
        assertThat(lookup("abandoned").tryQuery()).isPresent();

        // Another process (e.g. the CLI) appends: the view follows.
        new AuditLog(log.file()).append(entry("Restart", "c.near/three", "", AuditOutcome.CONFIRMED, Instant.now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> table.getItems().size()) == 3);
        assertThat(fx(() -> table.getItems().getFirst().command())).isEqualTo("Restart");

        clickOn("#" + AuditView.VERIFY_ID);
        Label result = lookup("#" + AuditView.VERIFICATION_ID).queryAs(Label.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(result::getText).equals("Audit chain intact: 3 entries verified"));

        List<String> lines = Files.readAllLines(log.file());
        lines.set(0, lines.get(0).replace("CONFIRMED", "REJECTED"));
        Files.write(log.file(), lines);
        clickOn("#" + AuditView.VERIFY_ID);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(result::getText).startsWith("Audit chain broken at line 2"));
    }
}
