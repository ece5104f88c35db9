package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryEvent.EpochChange;
import dev.watchkeeper.model.epoch.EpochStates;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The epochs at a rewound moment: each epoch's release and how many project updates had reached
 * each pooler state. Shown instead of the per-project timeline for moments whose epochs the store
 * has only these counts of (recorded before it kept each project's updates).
 */
final class EpochsThenView extends BorderPane {

    EpochsThenView(ObservableList<EpochChange> epochs, ZoneId zone) {
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
        TableView<EpochChange> table = new TableView<>(epochs);
        TableColumn<EpochChange, String> id = new TableColumn<>("Epoch");
        id.setCellValueFactory(c -> new ReadOnlyStringWrapper(Long.toString(c.getValue().epochId())));
        TableColumn<EpochChange, String> released = new TableColumn<>("Released");
        released.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().releasedAtSecs() == null ? "—"
                : hms.format(Instant.ofEpochSecond(c.getValue().releasedAtSecs()))));
        TableColumn<EpochChange, String> states = new TableColumn<>("Project updates per state");
        states.setCellValueFactory(c -> new ReadOnlyStringWrapper(states(c.getValue().states())));
        states.setPrefWidth(700);
        table.getColumns().addAll(java.util.List.of(id, released, states));
        table.setPlaceholder(new Label("No epochs were recorded at this moment"));
        setCenter(table);
        Label note = new Label("For this moment the history has how many project updates reached each state, not each update"
                + " (recorded before those were kept): no per-project timeline.");
        note.getStyleClass().add("wk-muted");
        note.setWrapText(true);
        setBottom(note);
    }

    private static String states(Map<String, Integer> states) {
        return states.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> EpochStates.rank(e.getKey())).thenComparing(Map.Entry::getKey))
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(" · "));
    }
}
