package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.attention.AttentionRules;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10k indexers and a second's worth of 1,000 changes, spread over 60 pulses, with a sort and a filter
 * on: what the table shows afterwards, and (tagged "timing", run with -Ptiming) what it costs.
 */
class FleetScaleTest {

    private static final int ROWS = 10_000;

    /** What one run applied and cost. */
    private record Run(FleetViewModel vm, long flagged, long applyCpuMillis) {
    }

    @Test
    void tenThousandRowsAndAThousandChangesStaySortedFilteredAndFlagged() {
        Run r = run();
        assertThat(r.vm().sortedRows()).isSortedAccordingTo(Comparator.comparing(IndexerRow::lastPublishedBlock, Comparator.nullsFirst(Comparator.naturalOrder())));
        assertThat(r.vm().sortedRows()).allMatch(row -> row.state().lifecycle() == LifecycleState.RUNNING);
        assertThat(r.flagged()).isPositive();
    }

    @Test
    @Tag("timing")
    void aSecondOfChangesCostsWellUnderASecondOfTheFxThread() {
        run(); // warm-up
        // One second of changes must cost well under a second of the FX thread (generous: a cold JVM).
        assertThat(run().applyCpuMillis()).isLessThan(1000);
    }

    private static Run run() {
        FleetViewModel vm = new FleetViewModel();
        Instant t0 = Instant.parse("2026-11-23T12:00:00Z");
        List<IndexerState> all = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            all.add(IndexerState.of(new IndexerId("acct" + i + ".near", "fn" + i), i % 10 == 0 ? LifecycleState.SUSPENDED : LifecycleState.RUNNING, i % 10 != 0));
        }
        vm.apply(List.of(StateBatch.full(all, t0)));
        // As the table does when a column header is clicked: sort by last block, filter to stream RUNNING.
        vm.sortedRows().setComparator(Comparator.comparing(IndexerRow::lastPublishedBlock, Comparator.nullsFirst(Comparator.naturalOrder())));
        vm.setFilter(new FleetFilter("", Set.of(LifecycleState.RUNNING), Set.of()));
        int[] events = {0};
        vm.sortedRows().addListener((ListChangeListener<IndexerRow>) c -> events[0]++);

        Random rnd = new Random(7);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int pulse = 0; pulse < 60; pulse++) {
            Instant at = t0.plusMillis(pulse * 16L);
            List<Progress> progress = new ArrayList<>();
            List<StreamStatus> streams = new ArrayList<>();
            for (int k = 0; k < 17; k++) {
                IndexerId id = all.get(rnd.nextInt(ROWS)).id();
                progress.add(new Progress(id, (long) pulse * 10 + k, (long) k, null));
                streams.add(new StreamStatus(id, "s", 1, k % 5 == 0 ? StreamHealth.STALLED : StreamHealth.RUNNING, at.getEpochSecond()));
            }
            // One pulse's worth, as the session's batcher hands it over.
            vm.applyAll(List.of(new ProgressBatch(progress, at), new HealthBatch(Source.BLOCK_STREAMER, streams, List.of(), false, at)));
        }
        long applyMillis = (System.nanoTime() - start) / 1_000_000;
        // CPU time of this thread: the machine running the tests is shared, wall time says little.
        long applyCpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;

        AttentionRules rules = AttentionRules.defaults();
        long evalStart = System.nanoTime();
        long flagged = vm.allRows().stream().filter(r -> rules.evaluate(r.observation(), t0.plusSeconds(1)).isPresent()).count();
        long evalMillis = (System.nanoTime() - evalStart) / 1_000_000;

        System.out.printf("fleet scale: %d rows, 1020 changes in 60 pulses applied in %d ms CPU (%d ms wall, %d list events); attention pass over all rows %d ms wall (%d flagged)%n",
                ROWS, applyCpuMillis, applyMillis, events[0], evalMillis, flagged);
        return new Run(vm, flagged, applyCpuMillis);
    }
}
