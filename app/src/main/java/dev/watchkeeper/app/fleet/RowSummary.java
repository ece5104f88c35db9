package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.ui.Styles;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A plain, live summary of one indexer: what a detail tab shows until the full detail view is plugged in. */
public final class RowSummary extends VBox {

    private final IndexerRow row;
    private final GridPane grid = new GridPane(16, 4);
    private final TextArea raw = new TextArea();

    public RowSummary(IndexerRow row) {
        super(10);
        this.row = row;
        setPadding(new Insets(12));
        Label title = new Label(row.id().fullName());
        title.getStyleClass().add("title-3");
        raw.setEditable(false);
        raw.setWrapText(true);
        VBox.setVgrow(raw, Priority.ALWAYS);
        getChildren().addAll(title, grid, new Label("Raw Redis state"), raw);
        row.revisionProperty().addListener((obs, o, n) -> refresh());
        row.stateProperty().addListener((obs, o, n) -> refresh());
        refresh();
    }

    private void refresh() {
        grid.getChildren().clear();
        var s = row.state();
        int r = 0;
        grid.addRow(r++, new Label("Lifecycle"), new Label(s.lifecycleText()));
        grid.addRow(r++, new Label("Enabled"), new Label(s.enabled() == null ? "unknown" : s.enabled() ? "yes" : "no"));
        grid.addRow(r++, new Label("Block stream"), new Label(Styles.healthText(row.streamHealth())));
        grid.addRow(r++, new Label("Executor"), new Label(Styles.healthText(row.executorHealth())));
        grid.addRow(r++, new Label("Last published block"), new Label(row.lastPublishedBlock() == null ? "unknown" : row.lastPublishedBlock().toString()));
        grid.addRow(r++, new Label("Queue depth"), new Label(row.queueDepth() == null ? "unknown" : row.queueDepth().toString()));
        grid.addRow(r, new Label("Problem"), new Label(s.problem() == null ? "none" : s.problem()));
        raw.setText(s.rawJson() == null ? "(not available)" : s.rawJson());
    }
}
