package dev.watchkeeper.bench.jmh;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.bench.Fleets;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The FX-thread cost of one coalesced batch: 1,000 state changes applied to a 10,000-row fleet,
 * unsorted and sorted (an operator usually sorts the table), plus re-filtering 10,000 rows.
 * Runs without the FX toolkit: the view model's lists and properties do not need it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FleetApplyBench {

    @Param({"10000"})
    public int rows;

    @Param({"false", "true"})
    public boolean sorted;

    private FleetViewModel model;
    private final List<List<StateBatch>> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        model = new FleetViewModel();
        List<IndexerId> ids = Fleets.ids(rows);
        List<IndexerState> all = new ArrayList<>(rows);
        for (IndexerId id : ids) {
            all.add(IndexerState.of(id, LifecycleState.RUNNING, true));
        }
        model.apply(List.of(StateBatch.full(all, Instant.now())));
        if (sorted) {
            model.sortedRows().setComparator(Comparator.comparing(IndexerRow::id));
        }
        // 16 distinct batches of 1,000 changes each, cycling so every apply really changes rows.
        for (int b = 0; b < 16; b++) {
            List<IndexerState> changes = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                IndexerId id = ids.get((b * 7919 + i * 9973) % rows);
                changes.add(new IndexerState(id, (b & 1) == 0 ? LifecycleState.SUSPENDED : LifecycleState.RUNNING,
                        null, (b & 1) == 1, (long) b, null, null));
            }
            batches.add(List.of(StateBatch.changes(changes, Set.of(), Instant.now())));
        }
    }

    @Benchmark
    public int apply1000Changes() {
        model.apply(batches.get(next++ & 15));
        return model.sortedRows().size();
    }

    @Benchmark
    public int refilter() {
        model.filterTextProperty().set((next++ & 1) == 0 ? "acct0012 running" : "indexer_3 suspended");
        return model.sortedRows().size();
    }
}
