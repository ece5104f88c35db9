package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.BulkProgress;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Progress of a (bulk) command: a bar, a summary, each indexer's result with its reason, and Cancel. */
public final class BulkProgressView extends BorderPane {

    public static final String TABLE_ID = "bulkResults";
    public static final String SUMMARY_ID = "bulkSummary";
    public static final String CANCEL_ID = "bulkCancel";
    public static final String CLOSE_ID = "bulkClose";

    public BulkProgressView(BulkProgress progress, Runnable close) {
        getStyleClass().add("wk-bulk-progress");
        setPadding(new Insets(10));

        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(progress.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label summary = new Label();
        summary.setId(SUMMARY_ID);
        summary.textProperty().bind(progress.summaryProperty());
        VBox top = new VBox(6, new Label(progress.plan().title()), bar, summary);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);

        TableView<BulkProgress.Item> table = new TableView<>(progress.items());
        table.setId(TABLE_ID);
        TableColumn<BulkProgress.Item, String> name = new TableColumn<>("Indexer");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id().fullName()));
        name.setPrefWidth(240);
        TableColumn<BulkProgress.Item, String> result = new TableColumn<>("Result");
        result.setCellValueFactory(c -> c.getValue().resultProperty());
        result.setPrefWidth(150);
        TableColumn<BulkProgress.Item, String> detail = new TableColumn<>("Detail");
        detail.setCellValueFactory(c -> c.getValue().detailProperty());
        detail.setPrefWidth(300);
        table.getColumns().setAll(java.util.List.of(name, result, detail));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setCenter(table);

        Button cancel = new Button("Cancel remaining");
        cancel.setId(CANCEL_ID);
        cancel.disableProperty().bind(progress.finishedProperty());
        cancel.setOnAction(e -> progress.cancel());
        Button closeButton = new Button("Close");
        closeButton.setId(CLOSE_ID);
        closeButton.setOnAction(e -> close.run());
        Label skipped = new Label(progress.plan().skipped().isEmpty() ? "" : progress.plan().skipped().size() + " skipped: "
                + String.join("; ", progress.plan().skipped().stream().limit(3)
                .map(s -> s.row().id().fullName() + " (" + s.reason() + ")").toList())
                + (progress.plan().skipped().size() > 3 ? "; …" : ""));
        skipped.setWrapText(true);
        HBox.setHgrow(skipped, Priority.ALWAYS);
        skipped.setMaxWidth(Double.MAX_VALUE);
        HBox buttons = new HBox(8, skipped, cancel, closeButton);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(8, 0, 0, 0));
        setBottom(buttons);
    }
}
