package dev.watchkeeper.app.incidents;

import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.app.dialogs.DialogService;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentMember;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The open incidents at the top of the Attention view, each collapsed to one line that states the
 * likely cause; expanded it shows the evidence, the members, and a command bar whose commands
 * target the members still affected (through the usual preview and confirmation).
 */
public final class IncidentsPane extends VBox {

    public static final String ID = "incidentsPane";
    private static final DateTimeFormatter HMS = dev.watchkeeper.app.ui.Times.CLOCK;

    private final IncidentsViewModel model;
    private final Map<String, Card> cards = new LinkedHashMap<>();
    private CommandService commands;
    private DialogService dialogs;
    private Consumer<IndexerRow> onOpen = r -> { };

    public IncidentsPane(IncidentsViewModel model) {
        this.model = model;
        setId(ID);
        getStyleClass().add("wk-incidents");
        setSpacing(4);
        setPadding(new Insets(0, 8, 8, 8));
        model.open().addListener((ListChangeListener<Incident>) c -> sync());
        sync();
    }

    /** Enables bulk commands on members (the command module's service and dialogs). */
    public void setCommands(CommandService commands, DialogService dialogs) {
        this.commands = commands;
        this.dialogs = dialogs;
        cards.values().forEach(Card::refresh);
    }

    public void setOnOpen(Consumer<IndexerRow> onOpen) {
        this.onOpen = onOpen == null ? r -> { } : onOpen;
    }

    /** The card of an open incident (tests). */
    public TitledPane card(String incidentId) {
        Card c = cards.get(incidentId);
        return c == null ? null : c.pane;
    }

    private void sync() {
        Map<String, Incident> now = new LinkedHashMap<>();
        for (Incident i : model.open()) {
            now.put(i.id(), i);
        }
        cards.keySet().removeIf(id -> {
            if (!now.containsKey(id)) {
                getChildren().remove(cards.get(id).pane);
                return true;
            }
            return false;
        });
        for (Incident i : now.values()) {
            Card c = cards.get(i.id());
            if (c == null) {
                c = new Card(i);
                cards.put(i.id(), c);
                getChildren().add(c.pane);
            } else {
                c.update(i);
            }
        }
        setVisible(!cards.isEmpty());
        setManaged(!cards.isEmpty());
    }

    /** One incident: a collapsed titled pane whose content is built on first expansion. */
    private final class Card {
        final TitledPane pane = new TitledPane();
        final Label heading = new Label();
        final Label stats = new Label();
        final ObservableList<IndexerRow> targets = FXCollections.observableArrayList();
        final TableView<IncidentMember> members = new TableView<>();
        final VBox evidence = new VBox(2);
        final HBox barSlot = new HBox();
        Incident incident;
        boolean built;

        Card(Incident i) {
            pane.setId("incident-" + i.id());
            pane.getStyleClass().add("wk-incident");
            pane.setExpanded(false);
            pane.setAnimated(false);
            heading.setGraphic(new FontIcon(Material2AL.ERROR));
            heading.getStyleClass().add(Styles.DANGER);
            heading.setWrapText(true);
            stats.getStyleClass().add(Styles.MUTED);
            VBox lines = new VBox(2, heading, stats);
            // The title wraps within the pane rather than running off its edge.
            lines.maxWidthProperty().bind(pane.widthProperty().subtract(48));
            heading.maxWidthProperty().bind(lines.maxWidthProperty());
            pane.setGraphic(lines);
            pane.setText(null);
            pane.expandedProperty().addListener((obs, o, open) -> {
                if (open) {
                    build();
                }
                update(incident);
            });
            update(i);
        }

        void update(Incident i) {
            incident = i;
            heading.setText(i.title());
            stats.setText("Incident " + i.id() + " · " + i.activeCount() + " of " + i.size() + " still affected · since "
                    + HMS.format(i.start()) + (pane.isExpanded() ? "" : " · expand for the evidence, the members and commands"));
            if (pane.isExpanded()) {
                refresh();
            }
        }

        void build() {
            if (built) {
                return;
            }
            built = true;
            TableColumn<IncidentMember, String> subject = new TableColumn<>("Member");
            subject.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().problem().subject()));
            subject.setPrefWidth(300);
            TableColumn<IncidentMember, String> since = new TableColumn<>("Since");
            since.setCellValueFactory(c -> new ReadOnlyStringWrapper(HMS.format(c.getValue().start())));
            TableColumn<IncidentMember, String> state = new TableColumn<>("Now");
            state.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().recovered()
                    ? "recovered " + HMS.format(c.getValue().end()) : c.getValue().problem().kindLabel()));
            state.setPrefWidth(170);
            TableColumn<IncidentMember, String> reason = new TableColumn<>("Reason when it began");
            reason.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().problem().reason()));
            reason.setPrefWidth(420);
            members.getColumns().setAll(List.of(subject, since, state, reason));
            members.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            members.setPrefHeight(180);
            members.setRowFactory(t -> {
                TableRow<IncidentMember> r = new TableRow<>();
                r.setOnMouseClicked(e -> {
                    if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !r.isEmpty()) {
                        IndexerId id = r.getItem().problem().indexer();
                        IndexerRow row = id == null ? null : model.affectedRows(incident).stream()
                                .filter(x -> x.id().equals(id)).findFirst().orElse(null);
                        if (row != null) {
                            onOpen.accept(row);
                        }
                    }
                });
                return r;
            });
            Label targetsLabel = new Label();
            targetsLabel.textProperty().bind(javafx.beans.binding.Bindings.size(targets)
                    .asString("Commands act on the %d indexers still affected"));
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox bar = new HBox(8, targetsLabel, spacer, barSlot);
            bar.setAlignment(Pos.CENTER_LEFT);
            VBox content = new VBox(6, evidence, members, bar);
            content.setPadding(new Insets(6));
            pane.setContent(content);
        }

        void refresh() {
            if (!built) {
                return;
            }
            evidence.getChildren().setAll(incident.evidence().stream().map(e -> {
                Label l = new Label("• " + e);
                l.getStyleClass().add("wk-evidence");
                return (javafx.scene.Node) l;
            }).toList());
            members.getItems().setAll(incident.members());
            targets.setAll(model.affectedRows(incident));
            if (commands != null && barSlot.getChildren().isEmpty()) {
                barSlot.getChildren().add(new CommandBar(commands, targets, dialogs));
            }
        }
    }
}
