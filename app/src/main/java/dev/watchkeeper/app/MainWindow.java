package dev.watchkeeper.app;

import dev.watchkeeper.app.workers.WorkerColumns;
import dev.watchkeeper.app.workers.WorkersView;

import dev.watchkeeper.app.attention.AttentionView;
import dev.watchkeeper.app.audit.AuditView;
import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.attention.AttentionViewModel;
import dev.watchkeeper.app.dashboard.DashboardView;
import dev.watchkeeper.app.detail.IndexerDetails;
import dev.watchkeeper.app.dialogs.DialogService;
import dev.watchkeeper.app.dialogs.FxDialogService;
import dev.watchkeeper.app.epochs.EpochTimelineView;
import dev.watchkeeper.app.export.FileChooserService;
import dev.watchkeeper.app.export.FleetCsv;
import dev.watchkeeper.app.export.FxFileChooserService;
import dev.watchkeeper.app.fleet.FleetFilter;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.fleet.SavedFilters;
import dev.watchkeeper.app.help.HelpOverlay;
import dev.watchkeeper.app.incidents.ConsoleIncidentHistory;
import dev.watchkeeper.app.incidents.IncidentReports;
import dev.watchkeeper.app.incidents.IncidentsPane;
import dev.watchkeeper.app.incidents.IncidentsView;
import dev.watchkeeper.app.incidents.IncidentsViewModel;
import dev.watchkeeper.app.notify.MutedKinds;
import dev.watchkeeper.app.notify.MutedMenu;
import dev.watchkeeper.app.notify.NotificationFlow;
import dev.watchkeeper.app.notify.ToastView;
import dev.watchkeeper.app.notify.HeldProblemNotifications;
import dev.watchkeeper.app.notify.IncidentNotifications;
import dev.watchkeeper.app.notify.Notifier;
import dev.watchkeeper.app.notify.ProblemNotifications;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.app.status.StatusBar;
import dev.watchkeeper.app.theme.ThemeSwitcher;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.app.ui.Times;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.attention.AttentionRules;
import dev.watchkeeper.model.incident.IncidentSettings;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Clock;

/**
 * The main window of one session, and the console's one composition root: it builds every view of
 * the session (app bar, dashboard strip, the Attention, Fleet with the commands' bar, Epochs and
 * Audit tabs, one detail tab per opened indexer, the status bar) on the session's view models.
 */
public final class MainWindow extends StackPane {

    public static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    public static final String TABS_ID = "mainTabs";
    public static final String ATTENTION_TAB = "attentionTab";
    public static final String FLEET_TAB = "fleetTab";
    public static final String EPOCHS_TAB = "epochsTab";
    public static final String AUDIT_TAB = "auditTab";
    public static final String WORKERS_TAB = "workersTab";
    public static final String INCIDENTS_TAB = "incidentsTab";
    public static final String STALE_BANNER_ID = "staleBanner";
    public static final String THEME_BUTTON_ID = "themeButton";
    public static final String HELP_BUTTON_ID = "helpButton";
    public static final String EXPORT_BUTTON_ID = "exportButton";

    private final ConsoleSession session;
    private final UiPrefs prefs;
    private final FileChooserService files;
    private final BorderPane frame = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Tab attentionTab = fixedTab("Attention", ATTENTION_TAB, Material2MZ.NOTIFICATION_IMPORTANT);
    private final Tab fleetTab = fixedTab("Fleet", FLEET_TAB, Material2AL.LIST);
    private final Tab epochsTab = fixedTab("Epochs", EPOCHS_TAB, Material2AL.ACCESS_TIME);
    private final Tab auditTab = fixedTab("Audit", AUDIT_TAB, Material2AL.HISTORY);
    private final Tab workersTab = fixedTab("Workers", WORKERS_TAB, Material2MZ.MEMORY);
    private final Tab incidentsTab = fixedTab("Incidents", INCIDENTS_TAB, Material2AL.ERROR_OUTLINE);
    private final Map<IndexerId, Tab> detailTabs = new HashMap<>();
    /** Detail tab → the tab it was opened from: closing it goes back there (keyboard users lose no place). */
    private final Map<Tab, Tab> returnTo = new HashMap<>();
    private boolean closingSelected;
    private final DialogService dialogs;
    private final IndexerDetails details;
    private final FleetView fleet;
    private final AttentionViewModel attentionModel;
    private final AttentionView attention;
    private final IncidentsViewModel incidentsModel;
    private final IncidentsPane incidentsPane;
    private final List<HeldProblemNotifications> heldNotifications = new java.util.ArrayList<>();
    private final DashboardView dashboard;
    /** Where the dashboard sits: the rewound dashboard takes its place while the time bar shows history. */
    private final StackPane dashboardSlot = new StackPane();
    /** The time bar and the rewound views; null when the session keeps no history. */
    private final dev.watchkeeper.app.history.RewindViews rewind;
    private final ThemeSwitcher theme;
    private final HelpOverlay help = new HelpOverlay();
    private final Label staleBanner = new Label();
    private final HBox appBarEnd = new HBox(6);
    private final MutedKinds muted;
    private final ToastView toast;

    /** A window that remembers nothing and notifies nobody (tests, embedding). */
    public MainWindow(ConsoleSession session) {
        this(session, new UiPrefs(new MemoryPreferences()), new FxFileChooserService(), null);
    }

    /** As below, with the real dialogs owned by this window. */
    public MainWindow(ConsoleSession session, UiPrefs prefs, FileChooserService files, Notifier notifier) {
        this(session, prefs, files, notifier, null);
    }

    /**
     * @param notifier desktop notifications for new problems; null uses ControlsFX notifications
     *                 only when the window is shown by the application ({@link #enableNotifications})
     * @param dialogs  confirmations, errors and windows; null for the real ones, owned by this window
     */
    public MainWindow(ConsoleSession session, UiPrefs prefs, FileChooserService files, Notifier notifier, DialogService dialogs) {
        this.session = session;
        this.prefs = prefs;
        this.files = files;
        this.dialogs = dialogs != null ? dialogs : new FxDialogService(() -> getScene() == null ? null : getScene().getWindow());
        getStyleClass().add("wk-main");
        muted = new MutedKinds(prefs);
        toast = new ToastView(muted);
        Clock clock = Clock.systemUTC();

        fleet = new FleetView(session.fleet(), session.now(), new SavedFilters(prefs.savedFilters()), this.dialogs::askText);
        CommandBar commandBar = new CommandBar(session.commands(), fleet.selection(), this.dialogs).withShortcuts();
        fleet.setCommandBar(commandBar);
        fleet.setCommandHint(commandBar.hint());
        fleet.setOnOpen(this::openDetail);
        details = new IndexerDetails(session.detailHistory(), session.epochTimeline(), session.logSource(), clock, session.now())
                .withWorkers(session.workers(), session.metricsConfigured());
        attentionModel = new AttentionViewModel(session.fleet(), session.now(), AttentionRules.defaults(), Duration.ofSeconds(5));
        attentionModel.setCoordinator(session.fleet().coordinatorProperty().get());
        session.fleet().coordinatorProperty().addListener((obs, old, kind) -> attentionModel.setCoordinator(kind));
        // the workers' metrics: optional fleet columns, a failure-rate jump rule, the Workers tab
        fleet.addColumns(WorkerColumns.create(session.workers()));
        String profileName = session.profile().name();
        fleet.rememberSort(prefs.fleetSort(profileName), spec -> prefs.setFleetSort(profileName, spec));
        attentionModel.addRule(id -> session.workers().jumps().item(id));
        session.workers().revisionProperty().addListener(o -> attentionModel.recompute());
        workersTab.setContent(new WorkersView(session.workers(), session.metricsConfigured()));
        attention = new AttentionView(attentionModel);
        attention.setOnOpen(this::openDetail);
        // Incidents: problems that start together with one likely cause, first in the Attention view and in their own tab.
        ConsoleIncidentHistory incidentHistory = ConsoleIncidentHistory.forProfile(session.profile(), clock);
        incidentsModel = new IncidentsViewModel(session.fleet(), session.now(), IncidentSettings.defaults(), incidentHistory)
                .reloadWhen(incidentHistory.ready()).watch(attentionModel).watchEpochs(session.epochs()).watchSources(session.sources().statuses());
        incidentsPane = new IncidentsPane(incidentsModel);
        incidentsPane.setOnOpen(this::openDetail);
        incidentsPane.setCommands(session.commands(), this.dialogs);
        attention.showIncidents(incidentsPane, e -> !incidentsModel.inOpenIncident(e));
        incidentsModel.membershipProperty().addListener((obs, o, n) -> attention.refilter());
        incidentsTab.setContent(new IncidentsView(incidentsModel,
                new IncidentReports(files, () -> List.copyOf(session.auditViewModel().entries()), ZoneId.systemDefault())));
        if (notifier != null) {
            enableNotifications(notifier);
        }
        dashboard = new DashboardView(session.fleet(), session.now(), session.epochs(), this::filterFleet, () -> tabs.getSelectionModel().select(epochsTab));

        attentionTab.setContent(attention);
        fleetTab.setContent(fleet);
        EpochTimelineView timeline = new EpochTimelineView(session.epochTimeline(), clock, session.now());
        if (session.submissions() == null) {
            epochsTab.setContent(timeline);
        } else {
            // the pooler core API's missed and incorrect submissions beside the timeline
            javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(timeline,
                    new dev.watchkeeper.app.submissions.SubmissionsView(session.submissions()));
            split.setDividerPositions(0.72);
            epochsTab.setContent(split);
        }
        auditTab.setContent(new AuditView(session.auditViewModel()));
        tabs.setId(TABS_ID);
        tabs.getTabs().addAll(attentionTab, fleetTab, epochsTab, auditTab, workersTab, incidentsTab);
        // the epoch timeline's lanes are flattened only while the Epochs tab or a detail tab can show them
        javafx.beans.InvalidationListener epochsNeeded = o -> session.epochTimeline().neededProperty()
                .set(tabs.getSelectionModel().getSelectedItem() == epochsTab || tabs.getTabs().stream().anyMatch(detailTabs::containsValue));
        tabs.getSelectionModel().selectedItemProperty().addListener(epochsNeeded);
        tabs.getTabs().addListener(epochsNeeded);
        epochsNeeded.invalidated(null);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        // One way a detail tab ends, however it is closed (its button, Ctrl+W): its content is released.
        tabs.getTabs().addListener((ListChangeListener<Tab>) c -> {
            while (c.next()) {
                // reordering also reports tabs as removed and added: only a removal for good counts
                if (c.wasRemoved()) {
                    c.getRemoved().stream().filter(t -> !tabs.getTabs().contains(t)).forEach(this::released);
                }
            }
        });
        String remembered = prefs.selectedTab();
        tabs.getTabs().stream().filter(t -> t.getId() != null && t.getId().equals(remembered)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, o, t) -> {
            if (t != null && !t.getId().startsWith("detail-")) {
                prefs.setSelectedTab(t.getId());
            }
        });

        theme = new ThemeSwitcher(prefs.darkTheme());
        theme.darkProperty().addListener((obs, o, d) -> {
            prefs.setDarkTheme(d);
            dashboard.applyTheme(d);
        });
        dashboard.applyTheme(theme.isDark());

        dashboardSlot.getChildren().add(dashboard);
        SavedFilters saved = new SavedFilters(prefs.savedFilters());
        rewind = session.history() == null ? null : new dev.watchkeeper.app.history.RewindViews(session.history(),
                new dev.watchkeeper.app.history.RewindViews.Host(tabs, attentionTab, fleetTab, epochsTab, dashboardSlot, detailTabs,
                        this::openDetail, session.fleet(), session.detailHistory(), session.commands(), this.dialogs, saved,
                        theme.darkProperty(), session.fleet().coordinatorProperty()), ZoneId.systemDefault());
        // notifications sit over the dashboard strip's right end, never over the tables
        StackPane.setAlignment(toast, Pos.TOP_RIGHT);
        StackPane.setMargin(toast, new Insets(8, 8, 0, 0));
        StackPane strip = new StackPane(dashboardSlot, toast);
        strip.setPickOnBounds(false);
        frame.setTop(rewind == null ? new VBox(appBar(), strip) : new VBox(appBar(), strip, rewind.bar()));
        frame.setCenter(tabs);
        frame.setBottom(new StatusBar(session.sources(), session::staleAfterSeconds));
        getChildren().addAll(frame, help);
        installShortcuts();

        // Grey the data views while Redis data is stale, so nobody acts on an old picture.
        InvalidationListener staleness = o -> refreshStale();
        session.sources().nowProperty().addListener(staleness);
        session.sources().statuses().addListener(staleness);
        refreshStale();
    }

    private HBox appBar() {
        Button export = iconButton(EXPORT_BUTTON_ID, Material2MZ.SAVE_ALT, "Export the fleet view to CSV (Ctrl+E)");
        export.setText("Export CSV");
        export.setOnAction(e -> exportFleet());
        Button themeButton = iconButton(THEME_BUTTON_ID, Material2AL.BRIGHTNESS_6, "Light / dark theme (Ctrl+Shift+L)");
        themeButton.setOnAction(e -> theme.toggle());
        Button helpButton = iconButton(HELP_BUTTON_ID, Material2AL.HELP_OUTLINE, "Keyboard shortcuts (F1)");
        helpButton.setOnAction(e -> help.toggle());
        staleBanner.setId(STALE_BANNER_ID);
        staleBanner.getStyleClass().addAll("wk-badge", "wk-warning");
        staleBanner.setGraphic(new FontIcon(Material2AL.ACCESS_TIME));
        Label title = new Label("Watchkeeper");
        title.getStyleClass().add("wk-app-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        appBarEnd.setAlignment(Pos.CENTER_LEFT);
        HBox bar = new HBox(10, title, appBarEnd, staleBanner, spacer, new MutedMenu(muted), export, themeButton, helpButton);
        bar.getStyleClass().add("wk-app-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 2, 8));
        return bar;
    }

    private static Button iconButton(String id, org.kordamp.ikonli.Ikon icon, String tip) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        return b;
    }

    private static Tab fixedTab(String text, String id, org.kordamp.ikonli.Ikon icon) {
        Tab t = new Tab(text);
        t.setId(id);
        t.setGraphic(new FontIcon(icon));
        t.setClosable(false);
        return t;
    }

    private void installShortcuts() {
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F1) {
                help.toggle();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && help.isVisible()) {
                help.setVisible(false);
                e.consume();
            }
        });
        addEventFilter(KeyEvent.KEY_TYPED, e -> {
            boolean typing = getScene() != null && getScene().getFocusOwner() instanceof javafx.scene.control.TextInputControl;
            if ("?".equals(e.getCharacter()) && !typing) {
                help.toggle();
                e.consume();
            }
        });
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                return;
            }
            var acc = scene.getAccelerators();
            Tab[] fixed = {attentionTab, fleetTab, epochsTab, auditTab, workersTab, incidentsTab};
            KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6};
            for (int i = 0; i < fixed.length; i++) {
                Tab t = fixed[i];
                acc.put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> show(t));
            }
            acc.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
                tabs.getSelectionModel().select(fleetTab);
                fleet.focusFilter();
            });
            acc.put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), () -> {
                Tab t = tabs.getSelectionModel().getSelectedItem();
                if (t != null && t.isClosable()) {
                    Tab back = returnTo.get(t);
                    tabs.getTabs().remove(t);
                    if (back != null && tabs.getTabs().contains(back)) {
                        show(back);
                    }
                }
            });
            acc.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::exportFleet);
            acc.put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), theme::toggle);
        });
    }

    /** Selects {@code t} and puts the keyboard focus on its table, where there is one. */
    private void show(Tab t) {
        tabs.getSelectionModel().select(t);
        // after the tab's content is shown: a hidden node cannot take the focus
        javafx.application.Platform.runLater(() -> {
            if (t == fleetTab) {
                fleet.focusTable();
            } else if (t == attentionTab) {
                attention.table().requestFocus();
            }
        });
    }

    private void refreshStale() {
        boolean stale = session.sources().isStale(Source.REDIS, session.staleAfterSeconds(Source.REDIS));
        frame.pseudoClassStateChanged(STALE, stale);
        fleet.pseudoClassStateChanged(STALE, stale);
        Instant asOf = session.sources().statuses().get(Source.REDIS).lastConfirmed();
        // relative, as freshness is what the banner is about; the absolute time with its zone on hover
        String text = asOf == null ? "No data from Redis yet" : "Stale: data from " + Times.ago(asOf, session.sources().nowProperty().get());
        if (!text.equals(staleBanner.getText())) {
            staleBanner.setText(text);
        }
        Styles.setTooltip(staleBanner, asOf == null ? "Redis has not answered since the console started"
                : "Data as of " + Times.exact(asOf) + "; the views stay greyed until Redis answers again");
        staleBanner.setVisible(stale);
        staleBanner.setManaged(stale);
    }

    /** Filters the fleet and shows it (dashboard tiles). */
    public void filterFleet(FleetFilter f) {
        session.fleet().setFilter(f);
        tabs.getSelectionModel().select(fleetTab);
    }

    /** Opens (or brings forward) the detail tab of {@code row}. */
    public void openDetail(IndexerRow row) {
        Tab t = detailTabs.get(row.id());
        if (t == null || !tabs.getTabs().contains(t)) {
            t = new Tab(row.id().fullName());
            t.setId("detail-" + row.id().fullName());
            t.setGraphic(new FontIcon(Material2AL.INFO));
            t.setContent(details.open(row.id()));
            detailTabs.put(row.id(), t);
            tabs.getTabs().add(t);
            Tab tab = t;
            // closed with its button while shown: back to where it was opened from, as Ctrl+W does
            t.setOnCloseRequest(e -> closingSelected = tab.isSelected());
            t.setOnClosed(e -> {
                Tab back = returnTo.get(tab);
                if (closingSelected && back != null && tabs.getTabs().contains(back)) {
                    show(back);
                }
            });
        }
        Tab from = tabs.getSelectionModel().getSelectedItem();
        if (from != null && from != t) {
            returnTo.put(t, from);
        }
        tabs.getSelectionModel().select(t);
    }

    /** A detail tab left the window: its view holds streams (logs) and tracking, released with it. */
    private void released(Tab tab) {
        detailTabs.values().remove(tab);
        returnTo.remove(tab);
        returnTo.values().removeIf(back -> back == tab);
        if (tab.getContent() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ex) {
                LoggerFactory.getLogger(MainWindow.class).warn("closing {}: {}", tab.getText(), ex.toString());
            }
        }
    }

    /** Exports the fleet as the user sees it (filtered and sorted) to a CSV file they choose. */
    public void exportFleet() {
        Window owner = getScene() == null ? null : getScene().getWindow();
        Optional<Path> target = files.chooseSaveFile(owner, "Export fleet view", "watchkeeper-fleet.csv", "csv");
        if (target.isEmpty()) {
            return;
        }
        // rewound: the fleet as shown, at the moment shown
        boolean rewound = rewind != null && rewind.model().isRewound();
        String csv = rewound ? FleetCsv.format(rewind.model().fleet().sortedRows(), rewind.model().shownAtProperty().get())
                : FleetCsv.format(session.fleet().sortedRows(), session.now().getValue());
        try {
            Files.writeString(target.get(), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            dialogs.showError("Export failed", "Could not write " + target.get() + ": " + e.getMessage());
        }
    }

    /**
     * Notifications: one per incident when it opens and when it resolves (clicking shows it); for a
     * lone problem (an indexer newly stalled or Repairing, not part of an incident after a short
     * hold) one per indexer, clicking opens it. All pass a {@link NotificationFlow}: muted kinds are
     * dropped, and past a few a minute the rest collapse into one summary that opens Attention.
     */
    public NotificationFlow enableNotifications(Notifier notifier) {
        NotificationFlow flow = new NotificationFlow(notifier, session.now(), muted, () -> show(attentionTab));
        HeldProblemNotifications held = new HeldProblemNotifications(
                new ProblemNotifications(flow, this::openDetail, () -> show(attentionTab)),
                session.now(), HeldProblemNotifications.DEFAULT_HOLD, incidentsModel::inOpenIncident,
                e -> attentionModel.entry(e.row().id()) == e, incidentsModel::forming);
        heldNotifications.add(held);
        attentionModel.addNewProblemListener(held);
        incidentsModel.addListener(new IncidentNotifications(flow, this::openIncident, session.now().getValue()));
        return flow;
    }

    /**
     * How long a new lone problem waits before it is notified (default
     * {@link HeldProblemNotifications#DEFAULT_HOLD}); a control plane simulated faster than upstream time scales it down.
     */
    public void setLoneProblemHold(Duration hold) {
        heldNotifications.forEach(h -> h.setHold(hold));
    }

    /** Shows an open incident expanded at the top of the Attention view, or a resolved one in the Incidents tab. */
    public void openIncident(String id) {
        var card = incidentsPane.card(id);
        if (card != null) {
            card.setExpanded(true);
            tabs.getSelectionModel().select(attentionTab);
        } else {
            tabs.getSelectionModel().select(incidentsTab);
        }
    }

    /** Notifications inside this window ({@link ToastView}), as the application shows them. */
    public NotificationFlow enableDesktopNotifications() {
        return enableNotifications(toast);
    }

    public ToastView toast() {
        return toast;
    }

    public MutedKinds mutedNotifications() {
        return muted;
    }

    /** Items in the app bar after the title (the profile switcher). */
    public HBox appBarSlot() {
        return appBarEnd;
    }

    public ConsoleSession session() {
        return session;
    }

    public FleetView fleetView() {
        return fleet;
    }

    public AttentionViewModel attentionModel() {
        return attentionModel;
    }

    public IncidentsViewModel incidentsModel() {
        return incidentsModel;
    }

    public IncidentsPane incidentsPane() {
        return incidentsPane;
    }

    /** The time bar and rewound views, or null when the session keeps no history. */
    public dev.watchkeeper.app.history.RewindViews rewind() {
        return rewind;
    }

    public DashboardView dashboard() {
        return dashboard;
    }

    public ThemeSwitcher theme() {
        return theme;
    }

    public HelpOverlay help() {
        return help;
    }

    public TabPane tabs() {
        return tabs;
    }

    public void selectTab(String id) {
        tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }
}
