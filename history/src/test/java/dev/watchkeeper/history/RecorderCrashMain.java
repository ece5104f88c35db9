package dev.watchkeeper.history;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.StateBatch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records changes into a store until killed, for the crash test: prints "committed N" each time the
 * number of events committed grows, so the test knows what the store must still hold after SIGKILL.
 */
public final class RecorderCrashMain {

    private RecorderCrashMain() {
    }

    public static void main(String[] args) {
        HistoryStore store = HistoryStore.open(StoreLocation.sqlite(Path.of(args[0])));
        Clock clock = Clock.systemUTC();
        HistoryRecorder rec = new HistoryRecorder(store, RecorderSettings.defaults().withSampleInterval(Duration.ZERO)
                .withKeyframes(2_000, Duration.ofMinutes(15)), clock).start();
        List<IndexerState> fleet = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fleet.add(IndexerState.of(new IndexerId("crash.near", "f" + i), LifecycleState.RUNNING, true));
        }
        rec.onStates(StateBatch.full(fleet, clock.instant()));
        long printed = 0;
        for (long n = 1; ; n++) {
            rec.onProgress(new ProgressBatch(List.of(new Progress(new IndexerId("crash.near", "f" + (n % 100)), n, 0L, null)), clock.instant()));
            long committed = rec.stats().recorded();
            if (committed != printed) {
                printed = committed;
                System.out.println("committed " + committed);
            }
            if (rec.stats().queued() > 1000) {
                Thread.onSpinWait();
            }
        }
    }
}
