package dev.watchkeeper.app.logs;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.connectors.logs.LogEntry;
import dev.watchkeeper.connectors.logs.LogTailStatus;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A live log pane: level filter, search (filter or highlight), pause with a count of waiting
 * lines, and a virtualized list that follows the newest line unless the operator scrolled away.
 */
public final class LogPane extends BorderPane {

    public static final String LEVEL_ID = "log-level";
    public static final String TYPE_ID = "log-type";
    public static final String SEARCH_ID = "log-search";
    public static final String ONLY_MATCHING_ID = "log-only-matching";
    public static final String PAUSE_ID = "log-pause";
    public static final String PENDING_ID = "log-pending";
    public static final String STATUS_ID = "log-status";
    public static final String LIST_ID = "log-list";
    public static final String RUNNER_FACTS_ID = "runner-facts";
    public static final String OLDER_ID = "log-older";
    public static final String BLOCK_ID = "log-block";
    public static final String DB_SEARCH_ID = "log-db-search";
    public static final String RESULTS_ID = "log-results";
    public static final String BACK_ID = "log-back";
    public static final String LOOKUP_STATUS_ID = "log-lookup-status";
    /** Lines per older page, search or jump. */
    static final int PAGE = 200;
    private static final DateTimeFormatter TIME = dev.watchkeeper.app.ui.Times.CLOCK_MILLIS;

    private final LogPaneViewModel vm;
    private final ListView<LogEntry> list;

    public LogPane(LogPaneViewModel vm) {
        this.vm = vm;
        getStyleClass().add("wk-log-pane");
        ComboBox<LogEntry.Level> level = new ComboBox<>();
        level.setId(LEVEL_ID);
        level.getItems().setAll(LogEntry.Level.TRACE, LogEntry.Level.DEBUG, LogEntry.Level.INFO, LogEntry.Level.WARN, LogEntry.Level.ERROR);
        level.valueProperty().bindBidirectional(vm.minLevelProperty());
        ComboBox<String> type = new ComboBox<>();
        type.setId(TYPE_ID);
        type.getItems().setAll("system and user", "system", "user");
        type.setValue("system and user");
        type.setTooltip(new javafx.scene.control.Tooltip("sys_logs type: the runner's own lines or the indexer code's"));
        type.valueProperty().addListener((o, a, t) -> vm.typeProperty().set("system".equals(t) || "user".equals(t) ? t : null));
        TextField search = new TextField();
        search.setId(SEARCH_ID);
        search.setPromptText("Search logs");
        search.textProperty().bindBidirectional(vm.searchProperty());
        CheckBox onlyMatching = new CheckBox("Only matching");
        onlyMatching.setId(ONLY_MATCHING_ID);
        onlyMatching.setMinWidth(Region.USE_PREF_SIZE);
        onlyMatching.selectedProperty().bindBidirectional(vm.onlyMatchingProperty());
        ToggleButton pause = new ToggleButton();
        pause.setId(PAUSE_ID);
        pause.setMinWidth(Region.USE_PREF_SIZE);
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        pause.textProperty().bind(Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause"));
        Label pending = new Label();
        pending.setId(PENDING_ID);
        pending.setMinWidth(Region.USE_PREF_SIZE);
        pending.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = vm.pendingCountProperty().get();
            return vm.pausedProperty().get() ? (n == 1 ? "1 new line" : n + " new lines") : "";
        }, vm.pendingCountProperty(), vm.pausedProperty()));
        pending.getStyleClass().add(Styles.ACCENT);
        Label status = new Label();
        status.setId(STATUS_ID);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        vm.statusProperty().addListener((o, a, s) -> showStatus(status, s));
        showStatus(status, vm.statusProperty().get());
        HBox bar = new HBox(8, new Label("Level"), level, type, search, onlyMatching, pause, pending, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        setTop(new javafx.scene.layout.VBox(bar, historyBar()));

        list = new ListView<>(vm.visibleLines());
        list.setId(LIST_ID);
        list.setCellFactory(v -> new LogCell());
        // One line per entry: a fixed cell size keeps the virtual flow cheap with 5,000 lines.
        list.setFixedCellSize(22);
        list.setPlaceholder(new Label("No log lines"));
        setCenter(list);
        // scrolling up past the first line loads the page above it, when the source can
        list.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0 && vm.historyProperty().get() != null && vm.lookupStatusProperty().get() == null
                    && list.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow
                    && flow.getFirstVisibleCell() != null && flow.getFirstVisibleCell().getIndex() == 0) {
                vm.loadOlder(PAGE);
            }
        });
        javafx.scene.Node results = resultsView();
        vm.resultsTitleProperty().addListener((o, a, title) -> setCenter(title == null ? list : results));
        // Follow the newest line; refresh highlights when the search changes.
        vm.visibleLines().addListener((ListChangeListener<LogEntry>) c -> {
            if (!vm.pausedProperty().get() && !list.getItems().isEmpty()) {
                list.scrollTo(list.getItems().size() - 1);
            }
        });
        vm.searchProperty().addListener(o -> list.refresh());
    }

    /** Older page, block jump and database search: shown once the source can look them up (PostgreSQL). */
    private HBox historyBar() {
        javafx.scene.control.Button older = new javafx.scene.control.Button("Older lines");
        older.setId(OLDER_ID);
        older.setOnAction(e -> vm.loadOlder(PAGE));
        TextField block = new TextField();
        block.setId(BLOCK_ID);
        block.setPromptText("Block height");
        block.setPrefColumnCount(10);
        javafx.scene.control.Button jump = new javafx.scene.control.Button("Jump");
        Label lookup = new Label();
        lookup.setId(LOOKUP_STATUS_ID);
        lookup.textProperty().bind(vm.lookupStatusProperty());
        Runnable doJump = () -> {
            String t = block.getText() == null ? "" : block.getText().strip().replace(",", "").replace("#", "");
            try {
                vm.jumpToBlock(Long.parseLong(t), PAGE);
            } catch (NumberFormatException ex) {
                lookup.textProperty().unbind();
                lookup.setText("'" + block.getText() + "' is not a block height");
                lookup.textProperty().bind(vm.lookupStatusProperty());
            }
        };
        jump.setOnAction(e -> doJump.run());
        block.setOnAction(e -> doJump.run());
        TextField words = new TextField();
        words.setId(DB_SEARCH_ID);
        words.setPromptText("Search all logs (database)");
        javafx.scene.control.Button find = new javafx.scene.control.Button("Search");
        find.setOnAction(e -> vm.searchDatabase(words.getText(), PAGE));
        words.setOnAction(e -> vm.searchDatabase(words.getText(), PAGE));
        HBox h = new HBox(8, older, block, jump, words, find, lookup);
        h.setAlignment(Pos.CENTER_LEFT);
        h.setPadding(new Insets(0, 6, 4, 6));
        h.visibleProperty().bind(vm.historyProperty().isNotNull());
        h.managedProperty().bind(h.visibleProperty());
        return h;
    }

    private javafx.scene.Node resultsView() {
        ListView<LogEntry> found = new ListView<>(vm.results());
        found.setId(RESULTS_ID);
        found.setCellFactory(v -> new LogCell());
        found.setFixedCellSize(22);
        found.setPlaceholder(new Label("Nothing found"));
        Label title = new Label();
        title.textProperty().bind(vm.resultsTitleProperty());
        javafx.scene.control.Button back = new javafx.scene.control.Button("Back to live");
        back.setId(BACK_ID);
        back.setOnAction(e -> vm.closeResults());
        HBox head = new HBox(8, back, title);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(2, 6, 2, 6));
        BorderPane p = new BorderPane(found);
        p.setTop(head);
        return p;
    }

    /**
     * A line for the detail header: the runner's STATUS and last processed height from
     * sys_metadata, with when they were read; empty while the lines do not come from PostgreSQL.
     */
    public Label runnerFacts() {
        Label l = new Label();
        l.setId(RUNNER_FACTS_ID);
        l.textProperty().bind(Bindings.createStringBinding(() -> RunnerFacts.text(vm.metadataProperty().get(), vm.metadataAtProperty().get()),
                vm.metadataProperty(), vm.metadataAtProperty()));
        l.visibleProperty().bind(vm.metadataProperty().isNotNull());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static void showStatus(Label label, LogTailStatus s) {
        label.setTooltip(s == null ? null : new javafx.scene.control.Tooltip(s.message()));
        label.getStyleClass().removeAll(Styles.HEALTH);
        if (s == null) {
            label.setText("not connected");
            label.getStyleClass().add(Styles.MUTED);
            return;
        }
        label.setText(switch (s.state()) {
            case STREAMING -> "● live";
            case SILENT -> "○ no data";
            case CONNECTING -> "connecting…";
            case RECONNECTING -> "reconnecting: " + s.message();
            case UNSUPPORTED -> s.message();
            case CLOSED -> "closed";
        });
        label.getStyleClass().add(switch (s.state()) {
            case STREAMING -> Styles.SUCCESS;
            case CONNECTING -> Styles.ACCENT;
            case RECONNECTING, SILENT -> Styles.WARNING;
            case UNSUPPORTED, CLOSED -> Styles.MUTED;
        });
    }

    private final class LogCell extends ListCell<LogEntry> {
        LogCell() {
            getStyleClass().add("wk-log-line");
        }

        @Override
        protected void updateItem(LogEntry e, boolean empty) {
            super.updateItem(e, empty);
            setText(null);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            Text time = new Text(TIME.format(e.timestamp()) + " ");
            Text level = new Text(String.format("%-5s ", e.level()));
            level.getStyleClass().add(levelStyle(e.level()));
            Text block = new Text(e.blockHeight() > 0 ? "#" + e.blockHeight() + " " : "");
            block.getStyleClass().add(Styles.MUTED);
            TextFlow flow = new TextFlow(time, level, block);
            addHighlighted(flow, e.message(), vm.searchText());
            flow.getStyleClass().add("wk-log-text");
            setGraphic(flow);
        }
    }

    private static void addHighlighted(TextFlow flow, String message, String lowerText) {
        if (lowerText.isEmpty()) {
            flow.getChildren().add(new Text(message));
            return;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        int from = 0;
        for (int i = lower.indexOf(lowerText); i >= 0; i = lower.indexOf(lowerText, from)) {
            if (i > from) {
                flow.getChildren().add(new Text(message.substring(from, i)));
            }
            Text hit = new Text(message.substring(i, i + lowerText.length()));
            hit.getStyleClass().add("wk-log-match");
            flow.getChildren().add(hit);
            from = i + lowerText.length();
        }
        if (from < message.length()) {
            flow.getChildren().add(new Text(message.substring(from)));
        }
    }

    static String levelStyle(LogEntry.Level level) {
        return switch (level) {
            case ERROR -> "wk-log-error";
            case WARN -> "wk-log-warn";
            case INFO -> "wk-log-info";
            default -> "wk-log-debug";
        };
    }
}
