package dev.watchkeeper.app.submissions;

import dev.watchkeeper.connectors.pooler.PoolerCoreApi;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;

/** The pooler's submissions beside the epoch timeline: totals, projects by missed and incorrect, a project's details. */
public final class SubmissionsView extends VBox {

    public static final String TABLE_ID = "submissions-table";
    public static final String TOTALS_ID = "submissions-totals";
    public static final String DETAILS_ID = "submissions-details";

    public SubmissionsView(SubmissionsModel model) {
        super(4);
        setPadding(new Insets(6, 8, 6, 8));
        Label title = new Label("Submissions (pooler core API)");
        title.setStyle("-fx-font-weight: bold;");
        Label totals = new Label();
        totals.setId(TOTALS_ID);
        totals.textProperty().bind(Bindings.createStringBinding(() -> {
            PoolerCoreApi.Status s = model.totalsProperty().get();
            String counts = s == null ? "" : s.successful() + " successful · " + s.missed() + " missed · " + s.incorrect() + " incorrect · ";
            return counts + model.stateProperty().get();
        }, model.totalsProperty(), model.stateProperty()));
        totals.setWrapText(true);

        TableView<PoolerCoreApi.ProjectStatus> table = new TableView<>(model.projects());
        table.setId(TABLE_ID);
        table.setPlaceholder(new Label("No report yet"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<PoolerCoreApi.ProjectStatus, String> project = new TableColumn<>("Project");
        project.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().projectId()));
        project.setPrefWidth(240);
        table.getColumns().setAll(List.of(project, count("Missed", PoolerCoreApi.ProjectStatus::missed),
                count("Incorrect", PoolerCoreApi.ProjectStatus::incorrect), count("OK", PoolerCoreApi.ProjectStatus::successful)));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> model.select(p == null ? null : p.projectId()));

        ListView<String> details = new ListView<>();
        details.setId(DETAILS_ID);
        details.setPlaceholder(new Label("Select a project for its missed and incorrect submissions"));
        details.setPrefHeight(160);
        model.reportProperty().addListener((o, a, r) -> details.getItems().setAll(lines(r)));

        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(title, totals, table, details);
        setMinWidth(280);
    }

    static List<String> lines(PoolerCoreApi.ProjectReport r) {
        List<String> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        r.missed().forEach(s -> out.add("epoch " + s.epochId() + " missed: " + s.reason()));
        r.incorrect().forEach(s -> out.add("epoch " + s.epochId() + " incorrect: submitted " + s.submittedSnapshotCid()
                + ", finalized " + s.finalizedSnapshotCid() + (s.reason() == null ? "" : " (" + s.reason() + ")")));
        if (out.isEmpty()) {
            out.add("no missed or incorrect submissions");
        }
        return out;
    }

    private static TableColumn<PoolerCoreApi.ProjectStatus, Long> count(String title, java.util.function.ToLongFunction<PoolerCoreApi.ProjectStatus> f) {
        TableColumn<PoolerCoreApi.ProjectStatus, Long> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(f.applyAsLong(cell.getValue())));
        // the headers must read whole: "Incorrect" is the widest
        c.setMinWidth(84);
        c.setMaxWidth(100);
        return c;
    }
}
