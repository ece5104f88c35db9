package dev.watchkeeper.app.logs;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.connectors.logs.LogEntry;
import dev.watchkeeper.connectors.logs.LogTail;
import dev.watchkeeper.connectors.logs.LogTailStatus;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The log pane alone, fed lines as the log feed would. */
class LogPaneTest extends ApplicationTest {

    private LogPaneViewModel vm;

    @Override
    public void start(Stage stage) {
        vm = new LogPaneViewModel(100);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(new LogPane(vm), 900, 400);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/dev/watchkeeper/app/watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static List<LogEntry> lines(int from, int n) {
        LogEntry.Level[] levels = LogEntry.Level.values();
        List<LogEntry> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new LogEntry(Instant.ofEpochMilli(1_700_000_000_000L + i), levels[i % 5], "line " + i + (i % 5 == 4 ? " failed to index" : ""), 1000 + i));
        }
        return out;
    }

    private void feed(List<LogEntry> batch) throws Exception {
        fx(() -> {
            vm.accept(batch);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private ListView<LogEntry> list() {
        return lookup("#" + LogPane.LIST_ID).queryAs(ListView.class);
    }

    @Test
    void levelFilterShowsOnlyLinesAtOrAboveIt() throws Exception {
        feed(lines(0, 20));
        assertThat(fx(() -> list().getItems().size())).isEqualTo(20);

        fx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<LogEntry.Level> level = lookup("#" + LogPane.LEVEL_ID).queryAs(ComboBox.class);
            level.getSelectionModel().select(LogEntry.Level.WARN);
            return null;
        });

        assertThat(fx(() -> list().getItems().stream().map(LogEntry::level).distinct().toList()))
                .containsExactlyInAnyOrder(LogEntry.Level.WARN, LogEntry.Level.ERROR);
        assertThat(fx(() -> list().getItems().size())).isEqualTo(8);
    }

    @Test
    void typeFilterKeepsSystemOrUserLinesAndLinesWithoutATypeAlwaysShow() throws Exception {
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);
        feed(List.of(new LogEntry(t, LogEntry.Level.INFO, "Provisioned schema", 0, "system"),
                new LogEntry(t, LogEntry.Level.ERROR, "TypeError in handler", 5, "user"),
                new LogEntry(t, LogEntry.Level.INFO, "from the coordinator's stream", 6)));
        fx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> type = lookup("#" + LogPane.TYPE_ID).queryAs(ComboBox.class);
            type.getSelectionModel().select("user");
            return null;
        });
        assertThat(fx(() -> list().getItems().stream().map(LogEntry::message).toList()))
                .containsExactly("TypeError in handler", "from the coordinator's stream");
        fx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> type = lookup("#" + LogPane.TYPE_ID).queryAs(ComboBox.class);
            type.getSelectionModel().select("system and user");
            return null;
        });
        assertThat(fx(() -> list().getItems().size())).isEqualTo(3);
    }

    @Test
    void searchFiltersOrHighlights() throws Exception {
        feed(lines(0, 20));
        clickOn("#" + LogPane.SEARCH_ID).write("failed to");
        assertThat(fx(() -> list().getItems().size())).isEqualTo(4);
        assertThat(fx(() -> lookup(".wk-log-match").queryAll().size())).isGreaterThanOrEqualTo(4);

        clickOn("#" + LogPane.ONLY_MATCHING_ID);
        assertThat(fx(() -> list().getItems().size())).isEqualTo(20);
        assertThat(fx(() -> lookup(".wk-log-match").queryAll().isEmpty())).isFalse();
    }

    @Test
    void pauseHoldsNewLinesAndCountsThemUntilResumed() throws Exception {
        feed(lines(0, 5));
        clickOn("#" + LogPane.PAUSE_ID);
        feed(lines(5, 3));

        assertThat(fx(() -> list().getItems().size())).isEqualTo(5);
        assertThat(fx(() -> lookup("#" + LogPane.PENDING_ID).queryAs(Label.class).getText())).isEqualTo("3 new lines");

        clickOn("#" + LogPane.PAUSE_ID);
        assertThat(fx(() -> list().getItems().size())).isEqualTo(8);
        assertThat(fx(() -> lookup("#" + LogPane.PENDING_ID).queryAs(Label.class).getText())).isEmpty();
    }

    @Test
    void theBufferIsBoundedKeepingTheNewestLines() throws Exception {
        feed(lines(0, 70));
        feed(lines(70, 70));
        assertThat(fx(() -> vm.allLines().size())).isEqualTo(100);
        assertThat(fx(() -> vm.allLines().getFirst().message())).startsWith("line 40");
        assertThat(fx(() -> vm.droppedProperty().get())).isEqualTo(40);
    }

    @Test
    void anUpstreamCoordinatorIsExplained() throws Exception {
        fx(() -> {
            vm.status(new LogTailStatus(LogTailStatus.State.UNSUPPORTED, LogTail.UNSUPPORTED_MESSAGE, null));
            return null;
        });
        assertThat(fx(() -> lookup("#" + LogPane.STATUS_ID).queryAs(Label.class).getText()))
                .isEqualTo("the coordinator does not serve logs (upstream)");
    }
}
