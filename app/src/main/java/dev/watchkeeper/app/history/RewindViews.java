package dev.watchkeeper.app.history;

import dev.watchkeeper.app.attention.AttentionView;
import dev.watchkeeper.app.attention.AttentionViewModel;
import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.app.dashboard.DashboardView;
import dev.watchkeeper.app.detail.DetailHistory;
import dev.watchkeeper.app.detail.IndexerDetailView;
import dev.watchkeeper.app.detail.IndexerDetails;
import dev.watchkeeper.app.dialogs.DialogService;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.fleet.SavedFilters;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.attention.AttentionRules;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.app.epochs.EpochTimelineView;
import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The console's rewound views and the switch between them and the live ones. While the time bar
 * stands at a moment, the dashboard, the Attention, Fleet and Epochs tabs and every open detail tab
 * show ordinary views over the {@link RewindModel}'s view models (fed from the store), each under a
 * "History" banner, and every command is disabled with the reason; Live puts the live views back,
 * untouched meanwhile. Also: the "What changed" tab, and detail tabs reaching back as far as the store.
 */
public final class RewindViews implements AutoCloseable {

    public static final String BANNER_CLASS = "wk-history-banner";
    public static final String CHANGES_TAB = "changesTab";
    public static final String EPOCHS_THEN_ID = "epochsThen";
    /** The rewound epoch timeline (when the store has the epochs' project updates). */
    public static final String EPOCH_TIMELINE_THEN_ID = "epochTimelineThen";
    /** A row the last playback steps changed. */
    public static final PseudoClass CHANGED = PseudoClass.getPseudoClass("history-changed");
    /** Recorded changes one detail reads at most. */
    static final int DETAIL_LIMIT = 10_000;

    /** Where the rewound views go in the window. */
    public record Host(TabPane tabs, Tab attentionTab, Tab fleetTab, Tab epochsTab, StackPane dashboardSlot,
                       Map<IndexerId, Tab> detailTabs, Consumer<IndexerRow> openDetail, FleetViewModel liveFleet,
                       DetailHistory liveDetails, CommandService commands, DialogService dialogs, SavedFilters saved,
                       ObservableValue<Boolean> dark, ObservableValue<CoordinatorKind> coordinator) {
    }

    private final RewindModel model;
    private final Host host;
    private final ZoneId zone;
    private final TimeBar bar;
    private final Map<Tab, Node> liveContent = new HashMap<>();
    private final Map<Tab, HistoryDetailPane> historyDetails = new HashMap<>();
    private Node liveDashboard;
    private Node historyAttention;
    private Node historyFleet;
    private Node historyEpochs;
    private DashboardView historyDashboard;
    private Tab changesTab;
    private ChangesView changes;

    public RewindViews(SessionHistory history, Host host, ZoneId zone) {
        this.host = host;
        this.zone = zone;
        this.model = new RewindModel(history::store);
        this.bar = new TimeBar(model, history, zone, this::openChanges);
        history.onClose(this::close);
        model.rewoundProperty().addListener((obs, was, now) -> {
            if (now) {
                showHistory();
            } else {
                showLive();
            }
        });
        host.tabs().getTabs().addListener((ListChangeListener<Tab>) c -> {
            while (c.next()) {
                if (c.wasAdded()) {
                    c.getAddedSubList().forEach(this::detailOpened);
                }
                if (c.wasRemoved()) {
                    c.getRemoved().stream().filter(t -> !host.tabs().getTabs().contains(t)).forEach(this::detailClosed);
                }
            }
        });
    }

    public TimeBar bar() {
        return bar;
    }

    public RewindModel model() {
        return model;
    }

    // ---- switching -------------------------------------------------------------------------

    private void showHistory() {
        buildHistoryViews();
        String reason = "the console shows history, and commands act on the fleet as it is now: press Live first";
        host.commands().pausedReasonProperty().set(reason);
        swap(host.attentionTab(), historyAttention);
        swap(host.fleetTab(), historyFleet);
        swap(host.epochsTab(), historyEpochs);
        liveDashboard = host.dashboardSlot().getChildren().isEmpty() ? null : host.dashboardSlot().getChildren().getFirst();
        host.dashboardSlot().getChildren().setAll(historyDashboard);
        model.fleet().setFilter(host.liveFleet().filterProperty().get());
        host.detailTabs().forEach((id, tab) -> historyDetail(id, tab));
    }

    private void showLive() {
        host.commands().pausedReasonProperty().set(null);
        liveContent.forEach(Tab::setContent);
        liveContent.clear();
        historyDetails.values().forEach(HistoryDetailPane::close);
        historyDetails.clear();
        if (liveDashboard != null) {
            host.dashboardSlot().getChildren().setAll(liveDashboard);
        }
    }

    private void swap(Tab tab, Node history) {
        liveContent.putIfAbsent(tab, tab.getContent());
        tab.setContent(history);
    }

    private void buildHistoryViews() {
        if (historyFleet != null) {
            return;
        }
        FleetViewModel fleet = model.fleet();
        ObservableValue<Instant> now = model.shownAtProperty();
        fleet.coordinatorProperty().bind(host.coordinator());
        FleetView table = new FleetView(fleet, now, host.saved(), host.dialogs()::askText);
        table.setCommandBar(new CommandBar(host.commands(), table.selection(), host.dialogs()));
        table.setOnOpen(host.openDetail());
        markChangedRows(table);
        historyFleet = banner(table);

        AttentionViewModel attention = new AttentionViewModel(fleet, now, AttentionRules.defaults(), Duration.ZERO);
        attention.setCoordinator(host.coordinator().getValue());
        host.coordinator().addListener((obs, o, k) -> attention.setCoordinator(k));
        AttentionView attentionView = new AttentionView(attention);
        attentionView.setOnOpen(host.openDetail());
        historyAttention = banner(attentionView);

        historyEpochs = banner(epochsThen(now));
        historyEpochs.setId(EPOCHS_THEN_ID);

        historyDashboard = new DashboardView(fleet, now, model.epochWindowProperty(),
                f -> {
                    fleet.setFilter(f);
                    host.tabs().getSelectionModel().select(host.fleetTab());
                }, () -> host.tabs().getSelectionModel().select(host.epochsTab()));
        historyDashboard.applyTheme(Boolean.TRUE.equals(host.dark().getValue()));
        host.dark().addListener((obs, o, d) -> historyDashboard.applyTheme(d));
    }

    /**
     * The epochs at the moment shown: the ordinary timeline over the recorded project updates, or,
     * for moments recorded before those were kept, the table of counts per state.
     */
    private Node epochsThen(ObservableValue<Instant> now) {
        EpochTimelineViewModel vm = new EpochTimelineViewModel();
        EpochTimelineView timeline = new EpochTimelineView(vm, new dev.watchkeeper.app.ui.ObservedClock(now), now);
        timeline.setId(EPOCH_TIMELINE_THEN_ID);
        EpochsThenView counts = new EpochsThenView(model.epochs(), zone);
        BorderPane holder = new BorderPane();
        Runnable show = () -> {
            EpochWindow w = model.epochWindowProperty().get();
            if (w != null) {
                vm.update(w);
            }
            holder.setCenter(w != null ? timeline : counts);
        };
        model.epochWindowProperty().addListener((obs, o, w) -> show.run());
        show.run();
        return holder;
    }

    /** A rewound view under a banner naming the moment it shows. */
    private BorderPane banner(Node view) {
        Label label = new Label();
        label.getStyleClass().addAll(BANNER_CLASS, "wk-badge", "wk-warning");
        label.setGraphic(new FontIcon(Material2AL.HISTORY));
        label.setMaxWidth(Double.MAX_VALUE);
        Runnable text = () -> {
            Instant at = model.shownAtProperty().get();
            label.setText(at == null ? "History: reading…" : "History: " + bar.label(at)
                    + " · the fleet as recorded then · commands are disabled · press Live to return");
        };
        model.shownAtProperty().addListener((obs, o, t) -> text.run());
        text.run();
        BorderPane p = new BorderPane(view);
        p.setTop(label);
        return p;
    }

    /** Rows that changed in the last playback steps are marked for a moment (the table's row factory keeps opening details). */
    private void markChangedRows(FleetView table) {
        table.table().setRowFactory(t -> {
            TableRow<IndexerRow> r = new TableRow<>() {
                @Override
                protected void updateItem(IndexerRow item, boolean empty) {
                    super.updateItem(item, empty);
                    pseudoClassStateChanged(CHANGED, !empty && item != null && model.marked().contains(item.id()));
                }
            };
            r.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !r.isEmpty()) {
                    host.openDetail().accept(r.getItem());
                }
            });
            return r;
        });
        model.marked().addListener((SetChangeListener<IndexerId>) c -> table.table().refresh());
        table.getStylesheets().add(RewindViews.class.getResource("history.css").toExternalForm());
    }

    // ---- detail tabs -----------------------------------------------------------------------

    private IndexerId detailId(Tab tab) {
        for (Map.Entry<IndexerId, Tab> e : host.detailTabs().entrySet()) {
            if (e.getValue() == tab) {
                return e.getKey();
            }
        }
        return null;
    }

    private void detailOpened(Tab tab) {
        IndexerId id = detailId(tab);
        if (id == null) {
            return;
        }
        // the live detail reaches back as far as the store does
        model.source().indexer(id, Instant.now(), DETAIL_LIMIT,
                h -> {
                    host.liveDetails().recordingStopped(h.gapStarts());
                    host.liveDetails().backfill(id, StoredIndexerBatches.of(h.events()), h.lastGapStart());
                });
        if (model.isRewound()) {
            historyDetail(id, tab);
        }
    }

    private void historyDetail(IndexerId id, Tab tab) {
        if (historyDetails.containsKey(tab)) {
            return;
        }
        HistoryDetailPane pane = new HistoryDetailPane(id);
        historyDetails.put(tab, pane);
        swap(tab, pane);
    }

    private void detailClosed(Tab tab) {
        HistoryDetailPane pane = historyDetails.remove(tab);
        if (pane != null) {
            pane.close();
        }
        // the window closed what the tab showed; the live view set aside while rewound is closed here
        Node live = liveContent.remove(tab);
        if (live != tab.getContent() && live instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a detail view's close only stops its own streams
            }
        }
    }

    /** One indexer's detail at the moment shown: rebuilt from the store as the moment moves (at most every 2 s while playing). */
    private final class HistoryDetailPane extends StackPane implements AutoCloseable {
        private final IndexerId id;
        private final Runnable onFrame = this::frameMoved;
        private final BorderPane frame = banner(new Label());
        private IndexerDetailView view;
        private Instant readAt;
        private long lastReadWall;
        private boolean closed;

        HistoryDetailPane(IndexerId id) {
            this.id = id;
            frame.setCenter(new Label("Reading " + id.fullName() + " from the history…"));
            getChildren().add(frame);
            model.addFrameListener(onFrame);
            frameMoved();
        }

        private void frameMoved() {
            Instant at = model.shownAtProperty().get();
            long wall = System.currentTimeMillis();
            if (closed || at == null || at.equals(readAt) || (model.speedProperty().get() > 0 && wall - lastReadWall < 2000)) {
                return;
            }
            readAt = at;
            lastReadWall = wall;
            model.source().indexer(id, at, DETAIL_LIMIT, h -> {
                if (closed || !at.equals(readAt)) {
                    return;
                }
                DetailHistory details = new DetailHistory();
                // full resolution before the stored samples arrive: the chart keeps them all, not the last ten minutes'
                details.track(id);
                details.recordingStopped(h.gapStarts());
                details.acceptAll(StoredIndexerBatches.of(h.events()));
                Clock clock = Clock.fixed(at, zone);
                Duration reach = Duration.between(h.since(), at);
                Duration window = reach.compareTo(Duration.ofMinutes(10)) < 0 ? Duration.ofMinutes(10) : reach;
                IndexerDetailView next = new IndexerDetails(details, null, null, clock, model.shownAtProperty())
                        .withChartWindow(window).open(id);
                details.untrack(id);
                if (view != null) {
                    view.close();
                }
                view = next;
                frame.setCenter(next);
            });
        }

        @Override
        public void close() {
            closed = true;
            if (view != null) {
                view.close();
            }
        }
    }

    // ---- what changed ----------------------------------------------------------------------

    /** Opens the "What changed" tab for the 15 minutes before the moment shown (or before now). */
    public void openChanges() {
        if (changes == null) {
            changes = new ChangesView(model.source(), zone, model::rewindTo);
            changesTab = new Tab("What changed", changes);
            changesTab.setId(CHANGES_TAB);
            changesTab.setGraphic(new FontIcon(Material2AL.COMPARE_ARROWS));
        }
        if (!host.tabs().getTabs().contains(changesTab)) {
            host.tabs().getTabs().add(changesTab);
        }
        Instant to = model.isRewound() && model.shownAtProperty().get() != null ? model.shownAtProperty().get() : Instant.now();
        changes.show(to.minus(Duration.ofMinutes(15)), to, host.liveFleet().filterTextProperty().get());
        host.tabs().getSelectionModel().select(changesTab);
    }

    public ChangesView changesView() {
        return changes;
    }

    @Override
    public void close() {
        model.live();
        model.close();
    }
}
