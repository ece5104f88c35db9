package dev.watchkeeper.app.workers;

import dev.watchkeeper.connectors.metrics.IndexerFigures;
import dev.watchkeeper.connectors.metrics.WorkerFigures;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.attention.FailureRateJump;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workers' metrics on the FX thread: the newest figures, a short history per indexer for the
 * detail charts, and the failure-rate jumps the attention view adds. {@link #revisionProperty()}
 * changes once per scrape.
 */
public final class WorkerFiguresModel {

    /** Points kept per indexer: an hour at the default 15-s interval. */
    public static final int HISTORY = 240;

    /** One scrape's figures of one indexer, for charts. */
    public record Point(Instant at, Double blocksPerSecond, Double executionP95Seconds, Double failureRate, Long lagBlocks) {
    }

    private final ReadOnlyObjectWrapper<WorkerFigures> latest = new ReadOnlyObjectWrapper<>(this, "latest");
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private final Map<IndexerId, Deque<Point>> history = new HashMap<>();
    private final FailureRateJump jumps = new FailureRateJump();

    /** A scrape's figures. Must run on the FX thread. */
    public void accept(WorkerFigures f) {
        Map<IndexerId, Double> rates = new HashMap<>();
        for (IndexerFigures i : f.indexers().values()) {
            Deque<Point> d = history.computeIfAbsent(i.id(), k -> new ArrayDeque<>());
            d.addLast(new Point(f.at(), i.blocksPerSecond(), i.executionP95Seconds(), i.failureRate(), i.lagBlocks()));
            while (d.size() > HISTORY) {
                d.removeFirst();
            }
            rates.put(i.id(), i.failureRate());
        }
        history.keySet().retainAll(f.indexers().keySet());
        jumps.update(rates, f.at());
        latest.set(f);
        revision.set(revision.get() + 1);
    }

    public ReadOnlyObjectProperty<WorkerFigures> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The newest figures of {@code id}, or null. */
    public IndexerFigures figures(IndexerId id) {
        WorkerFigures f = latest.get();
        return f == null ? null : f.indexers().get(id);
    }

    /** Oldest first. */
    public List<Point> history(IndexerId id) {
        Deque<Point> d = history.get(id);
        return d == null ? List.of() : List.copyOf(d);
    }

    public FailureRateJump jumps() {
        return jumps;
    }
}
