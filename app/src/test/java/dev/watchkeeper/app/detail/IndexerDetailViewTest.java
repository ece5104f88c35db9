package dev.watchkeeper.app.detail;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import dev.watchkeeper.app.logs.LogPane;
import dev.watchkeeper.app.logs.LogPaneViewModel;
import dev.watchkeeper.app.support.EpochFixtures;
import dev.watchkeeper.app.support.Screenshots;
import dev.watchkeeper.connectors.logs.LogEntry;
import dev.watchkeeper.connectors.logs.LogTailStatus;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/** The indexer detail in its own scene, fed the batches the session would hand it. */
class IndexerDetailViewTest extends ApplicationTest {

    private static final IndexerId ID = new IndexerId("acc0.near", "feed_0");
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L + 30 * 30);
    private final Clock clock = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
    private DetailHistory history;
    private EpochTimelineViewModel epochs;
    private LogPaneViewModel logs;
    private IndexerDetailView view;

    @Override
    public void start(Stage stage) {
        history = new DetailHistory();
        epochs = new EpochTimelineViewModel(dev.watchkeeper.app.ui.TaskExecutor.synchronous());
        logs = new LogPaneViewModel();
        view = new IndexerDetailView(new IndexerDetailViewModel(ID, history, epochs, clock), new LogPane(logs), null,
                new javafx.beans.property.SimpleObjectProperty<>(clock.instant()));
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(view, 1000, 760);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/dev/watchkeeper/app/watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void closeView() throws Exception {
        fx(() -> {
            view.close();
            return null;
        });
    }

    private static StateBatch state(LifecycleState s, long at) {
        String raw = "{\"account_id\":\"acc0.near\",\"function_name\":\"feed_0\",\"block_stream_synced_at\":123,\"enabled\":"
                + (s != LifecycleState.SUSPENDED && s != LifecycleState.SUSPENDING) + ",\"lifecycle_state\":\"" + s.wire() + "\"}";
        IndexerState st = new IndexerState(ID, s, s.wire(), true, 123L, raw, null);
        return StateBatch.changes(List.of(st), Set.of(), T0.plusSeconds(at));
    }

    private void feedHistory() throws Exception {
        fx(() -> {
            history.accept(state(LifecycleState.INITIALIZING, 0));
            history.accept(state(LifecycleState.RUNNING, 4));
            history.accept(state(LifecycleState.SUSPENDING, 300));
            history.accept(state(LifecycleState.SUSPENDED, 302));
            history.accept(state(LifecycleState.RUNNING, 420));
            for (int s = 0; s <= 600; s += 2) {
                history.accept(new ProgressBatch(List.of(new Progress(ID, 120_000_000L + (s < 300 || s > 420 ? s * 2L : 600), (long) (s % 7), null)), T0.plusSeconds(s)));
                if (s % 120 == 0) {
                    StreamHealth h = s == 360 ? StreamHealth.STALLED : StreamHealth.RUNNING;
                    history.accept(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(ID, "stream-1", 3, h, T0.getEpochSecond() + s)), List.of(), true, T0.plusSeconds(s)));
                    history.accept(new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(ID, "exec", 3, s == 360 ? ExecutorHealth.WAITING : ExecutorHealth.RUNNING)), true, T0.plusSeconds(s)));
                }
            }
            epochs.update(EpochFixtures.window(100, 30, 60, 0, 1_700_000_000L));
            List<LogEntry> lines = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                LogEntry.Level level = i % 13 == 0 ? LogEntry.Level.ERROR : i % 5 == 0 ? LogEntry.Level.WARN : LogEntry.Level.INFO;
                lines.add(new LogEntry(T0.plusSeconds(i * 15), level, level == LogEntry.Level.ERROR
                        ? "block handler threw: TypeError: cannot read properties of undefined (reading 'receipts')"
                        : "indexed block with " + (i * 7 % 23) + " receipts", 120_000_000L + i * 30));
            }
            logs.accept(lines);
            logs.status(new LogTailStatus(LogTailStatus.State.STREAMING, "following", null));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theOperatorWidensTheBlockHeightChartOverWhatTheStoreRecorded() throws Exception {
        feedHistory();
        // the history store recorded the two hours before this console opened
        fx(() -> {
            List<Object> stored = new ArrayList<>();
            for (long s = -7_200; s < 0; s += 30) {
                stored.add(new ProgressBatch(List.of(new Progress(ID, 120_000_000L + s, 0L, null)), T0.plusSeconds(s)));
            }
            history.backfill(ID, stored);
            return null;
        });
        @SuppressWarnings("unchecked")
        javafx.scene.chart.LineChart<Number, Number> chart = lookup("#" + IndexerDetailView.CHART_ID).queryAs(javafx.scene.chart.LineChart.class);
        // the default window, ten minutes, shows only what this console observed
        assertThat(fx(() -> chart.getData().getFirst().getData().stream().allMatch(d -> d.getXValue().doubleValue() >= -600))).isTrue();
        assertThat(fx(() -> lookup(".label").queryAllAs(Labeled.class).stream().map(Labeled::getText)
                .anyMatch(t -> t != null && t.startsWith("held from ")))).isTrue();

        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<Duration> window = lookup("#" + IndexerDetailView.CHART_WINDOW_ID).queryAs(javafx.scene.control.ChoiceBox.class);
        interact(() -> window.setValue(Duration.ofHours(6)));
        javafx.scene.chart.NumberAxis x = (javafx.scene.chart.NumberAxis) chart.getXAxis();
        assertThat(fx(x::getLowerBound)).isEqualTo(-21_600.0);
        // now the recorded heights two hours and ten minutes back are drawn too
        assertThat(fx(() -> chart.getData().getFirst().getData().stream().mapToDouble(d -> d.getXValue().doubleValue()).min().orElse(0)))
                .isLessThan(-7_000);
        assertThat(fx(() -> x.getTickLabelFormatter().toString(-3_600))).isEqualTo("1 h");
        interact(() -> dev.watchkeeper.app.support.Screenshots.save(view, "detail-chart-6h.png"));
    }

    @Test
    void showsTheLifecycleTimelineWithTimeInEachStateAndTheRawJson() throws Exception {
        feedHistory();

        @SuppressWarnings("unchecked")
        TableView<TransitionRow> table = lookup("#" + IndexerDetailView.TRANSITIONS_ID).queryAs(TableView.class);
        assertThat(fx(() -> table.getItems().stream().map(r -> r.transition().state().lifecycle()).toList()))
                .containsExactly(LifecycleState.RUNNING, LifecycleState.SUSPENDED, LifecycleState.SUSPENDING,
                        LifecycleState.RUNNING, LifecycleState.INITIALIZING);
        // Shown as text in the table: state names and times in state.
        assertThat(fx(() -> lookup(".table-cell").queryAllAs(Labeled.class).stream().map(Labeled::getText).filter(Objects::nonNull).toList()))
                .contains("Suspended", "Suspending", "Initializing", "1 min 58 s", "3 min so far", "4 s");
        assertThat(fx(() -> lookup("#" + IndexerDetailView.LIFECYCLE_STRIP_ID).queryAs(javafx.scene.layout.HBox.class).getChildren().size())).isEqualTo(5);

        clickOn("Raw Redis state");
        String raw = fx(() -> lookup("#" + IndexerDetailView.RAW_ID).queryAs(TextArea.class).getText());
        assertThat(raw).contains("acc0.near/feed_0:state").contains("\"lifecycle_state\" : \"Running\"").contains("\n  \"enabled\" : true");

        clickOn("Epoch lane");
        assertThat(fx(() -> lookup("#" + IndexerDetailView.EPOCHS_ID).queryAs(TableView.class).getItems().size())).isEqualTo(30 * 5 - 1); // its last epoch stops at the failed RELAYER_SEND
        clickOn("Logs");
        fx(() -> {
            Screenshots.save(view, "detail.png");
            return null;
        });
    }

    /** The stream's fact as the table shows it: one freshness rule (model) and one style mapping (ui). */
    private Fact streamFact(StreamHealth health, long updatedAgoSecs) throws Exception {
        return fx(() -> {
            Instant now = clock.instant();
            history.accept(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(ID, "stream-1", 4, health,
                    updatedAgoSecs < 0 ? 0 : now.getEpochSecond() - updatedAgoSecs)), List.of(), true, now));
            view.viewModel().refresh();
            return view.viewModel().factsProperty().get().stream().filter(f -> f.name().equals("Block stream")).findFirst().orElseThrow();
        });
    }

    @Test
    void theStreamFactFollowsTheOneFreshnessRuleAndStyleMapping() throws Exception {
        feedHistory();
        Fact stale = streamFact(StreamHealth.RUNNING, 400);
        assertThat(stale.value()).isEqualTo("RUNNING · 6 min 40 s old (stale)");
        assertThat(stale.style()).as("stale is amber, as in the fleet table").isEqualTo(dev.watchkeeper.app.ui.Styles.WARNING);
        assertThat(streamFact(StreamHealth.STALLED, 400).style()).isEqualTo(dev.watchkeeper.app.ui.Styles.DANGER);
        Fact idle = streamFact(StreamHealth.IDLE, 10);
        assertThat(idle.value()).isEqualTo("IDLE · 10 s ago");
        assertThat(idle.style()).as("idle is muted, as in the fleet table").isEqualTo(dev.watchkeeper.app.ui.Styles.MUTED);
        Fact none = streamFact(StreamHealth.RUNNING, -1);
        assertThat(none.value()).isEqualTo("RUNNING · no health report");
        assertThat(none.style()).isEqualTo(dev.watchkeeper.app.ui.Styles.WARNING);
    }

    @Test
    void headerShowsHealthProgressAndAnUnreadableStateRaw() throws Exception {
        feedHistory();
        String facts = fx(() -> lookup("#" + IndexerDetailView.FACTS_ID).queryAs(javafx.scene.layout.FlowPane.class)
                .getChildren().stream().map(n -> ((Labeled) n).getText()).reduce("", (a, b) -> a + " | " + b));
        assertThat(facts).contains("Lifecycle: Running").contains("Block stream: RUNNING · 0 s ago")
                .contains("Executor: RUNNING").contains("Last published block: 120,001,200").contains("Queue depth: 5").contains("data as of");
        assertThat(fx(() -> view.viewModel().samples().size())).isGreaterThan(290);

        fx(() -> {
            history.accept(StateBatch.changes(List.of(new IndexerState(ID, LifecycleState.UNKNOWN, null, null, null,
                    "{\"lifecycle_state\": \"Runn", "not JSON: unexpected end of input")), Set.of(), T0.plusSeconds(601)));
            return null;
        });
        clickOn("Raw Redis state");
        assertThat(fx(() -> lookup("#" + IndexerDetailView.RAW_ID).queryAs(TextArea.class).getText()))
                .contains("unreadable: not JSON: unexpected end of input").contains("{\"lifecycle_state\": \"Runn");
    }

    @Test
    void aFleetChangingFarMoreThanMemoryHoldsLeavesTheCurrentStateAndItsRawJsonOnShow() throws Exception {
        feedHistory();
        fx(() -> {
            // 200,000 transitions of 20,000 other indexers after this one's: its older ones leave memory first
            for (int round = 0; round < 10; round++) {
                LifecycleState s = round % 2 == 0 ? LifecycleState.SUSPENDED : LifecycleState.RUNNING;
                List<IndexerState> batch = new ArrayList<>();
                for (int i = 1; i <= 20_000; i++) {
                    batch.add(IndexerState.of(new IndexerId("acc" + i + ".near", "feed_0"), s, true));
                }
                history.accept(StateBatch.changes(batch, Set.of(), T0.plusSeconds(500)));
            }
            view.viewModel().refresh();
            return null;
        });

        @SuppressWarnings("unchecked")
        TableView<TransitionRow> table = lookup("#" + IndexerDetailView.TRANSITIONS_ID).queryAs(TableView.class);
        assertThat(fx(() -> table.getItems().stream().map(r -> r.transition().state().lifecycle()).toList()))
                .containsExactly(LifecycleState.RUNNING);
        assertThat(fx(() -> table.getItems().getFirst().current())).isTrue();
        clickOn("Raw Redis state");
        assertThat(fx(() -> lookup("#" + IndexerDetailView.RAW_ID).queryAs(TextArea.class).getText()))
                .contains("acc0.near/feed_0:state").contains("\"lifecycle_state\" : \"Running\"");
    }
}
