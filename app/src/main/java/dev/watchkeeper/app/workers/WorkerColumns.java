package dev.watchkeeper.app.workers;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.connectors.metrics.IndexerFigures;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Fleet table columns from the workers' metrics: blocks/s, execution p95, failure rate, lag.
 * Hidden until the operator picks them in the table's column menu.
 */
public final class WorkerColumns {

    public static final String BLOCKS_PER_SECOND_ID = "blocksPerSecondColumn";
    public static final String EXECUTION_P95_ID = "executionP95Column";
    public static final String FAILURE_RATE_ID = "failureRateColumn";
    public static final String LAG_ID = "lagColumn";

    private WorkerColumns() {
    }

    public static List<TableColumn<IndexerRow, ?>> create(WorkerFiguresModel workers) {
        return List.of(
                column(workers, "Blocks/s", BLOCKS_PER_SECOND_ID, IndexerFigures::blocksPerSecond, WorkerFormat::rate),
                column(workers, "Exec p95", EXECUTION_P95_ID, IndexerFigures::executionP95Seconds, WorkerFormat::seconds),
                column(workers, "Failures", FAILURE_RATE_ID, IndexerFigures::failureRate, WorkerFormat::percent),
                column(workers, "Lag (blocks)", LAG_ID, f -> f.lagBlocks() == null ? null : f.lagBlocks().doubleValue(),
                        v -> WorkerFormat.count(v == null ? null : v.longValue())));
    }

    private static TableColumn<IndexerRow, Double> column(WorkerFiguresModel workers, String title, String id,
                                                          Function<IndexerFigures, Double> figure, Function<Double, String> text) {
        TableColumn<IndexerRow, Double> c = new TableColumn<>(title);
        c.setId(id);
        c.setCellValueFactory(cell -> workers.revisionProperty().map(r -> {
            IndexerFigures f = workers.figures(cell.getValue().id());
            return f == null ? null : figure.apply(f);
        }));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : text.apply(v));
            }
        });
        c.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        c.setPrefWidth(100);
        c.setVisible(false);
        return c;
    }
}
