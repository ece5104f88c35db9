package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.simulator.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against the demo stack, whose coordinator is upstream-only: the extension's commands are
 * disabled and the operator can read why; a read-only profile disables everything.
 */
class CommandAvailabilityTest extends ApplicationTest {

    @TempDir
    static Path dir;
    private DemoStack demo;
    private ConsoleSession session;

    @Override
    public void start(Stage stage) {
        demo = DemoStack.start(SimConfig.defaults().withIndexers(20));
        session = new ConsoleSession("avail", demo.coordinatorTarget(), demo.redisUri(), Duration.ofSeconds(2), Duration.ofSeconds(5),
                new AuditLog(dir.resolve("audit-" + System.nanoTime() + ".jsonl")));
        stage.setScene(new Scene(new MainWindow(session), 980, 600));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> session.close());
        demo.close();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private IndexerRow selectRunning() throws Exception {
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> table.getItems().stream()
                .anyMatch(r -> r.state().lifecycle() == LifecycleState.RUNNING)));
        return fx(() -> {
            IndexerRow row = table.getItems().stream().filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).findFirst().orElseThrow();
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(row);
            table.scrollTo(row);
            return row;
        });
    }

    private String hint() {
        return lookup("#" + CommandBar.HINT_ID).queryAs(Label.class).getText();
    }

    @Test
    void extensionCommandsAreDisabledAgainstAnUpstreamCoordinatorAndSayWhy() throws Exception {
        selectRunning();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> lookup("#" + CommandBar.id(CommandKind.DELETE)).queryButton().isDisabled()
                && session.commands().unsupportedReason(CommandKind.DELETE) != null
                && session.commands().unsupportedReason(CommandKind.DELETE).contains("does not implement")));

        moveTo("#" + CommandBar.id(CommandKind.DELETE) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).startsWith("Delete unavailable: the coordinator"));
        assertThat(fx(this::hint)).contains("does not implement Delete", "upstream coordinator without Watchkeeper's operator extension");

        moveTo("#" + CommandBar.id(CommandKind.RESTART) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).contains("does not implement Restart"));
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.REPAIR)).queryButton().isDisabled())).isTrue();

        // Upstream does implement Suspend: enabled for a Running indexer, and the hint names its effect.
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.SUSPEND)).queryButton().isDisabled())).isFalse();
        moveTo("#" + CommandBar.id(CommandKind.SUSPEND) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).startsWith("Suspend: stops the block stream"));
    }

    @Test
    void aReadOnlyProfileDisablesEveryCommandButHidesNothing() throws Exception {
        selectRunning();
        interact(() -> session.commands().readOnlyProperty().set(true));

        for (CommandKind kind : CommandKind.values()) {
            assertThat(fx(() -> lookup("#" + CommandBar.id(kind)).queryButton().isDisabled())).as(kind.label()).isTrue();
            assertThat(fx(() -> lookup("#" + CommandBar.id(kind)).queryButton().isVisible())).isTrue();
        }
        assertThat(fx(this::hint)).isEqualTo("Read-only profile: commands are disabled");
        moveTo("#" + CommandBar.id(CommandKind.SUSPEND) + "Wrapper");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(this::hint).equals("Suspend unavailable: this connection profile is read-only"));
        TableView<IndexerRow> table = lookup("#" + FleetView.TABLE_ID).queryTableView();
        assertThat(fx(() -> table.getItems().size())).isEqualTo(20);
    }
}
