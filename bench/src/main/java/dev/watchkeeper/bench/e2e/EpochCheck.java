package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.bench.check.Results;
import dev.watchkeeper.bench.check.Target;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.epoch.EpochStates;
import javafx.application.Platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The epoch timeline at the scale, for {@code bench/check}: {@value EpochBench#EPOCHS}
 * epochs × {@value EpochBench#PROJECTS} projects × 6 states in a real Redis, read by the
 * console's EpochReader (the newest epochs first, then the rest), flattened into lanes (cold JVM,
 * as at start-up) and painted by the timeline canvas in a headless window. Target: from Redis to the
 * first paint (the newest epochs') under 1 s; the whole window's figures are reported beside it.
 *
 * <pre>EpochCheck --results docs/performance-results.json</pre>
 */
public final class EpochCheck {

    static final double TARGET_MS = 1000;

    public static void main(String[] args) throws Exception {
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        CountDownLatch fx = new CountDownLatch(1);
        Platform.startup(fx::countDown);
        Platform.setImplicitExit(false);
        fx.await();
        Results r = new Results("epochs", String.format(Locale.ROOT,
                "%d epochs × %,d projects × %d states (EPOCH_RELEASED and five processing states) in a Redis on loopback;"
                        + " the console's EpochReader reads the newest epochs first and hands them over, then the rest of the window;"
                        + " each is flattened into the timeline index (the first in a cold JVM, as at start-up) and painted by the"
                        + " timeline canvas in a headless %d×%d window (software rendering). First paint: the newest epochs' read,"
                        + " index and paint; the whole window's figures are beside it",
                EpochBench.EPOCHS, EpochBench.PROJECTS, EpochStates.ORDER.size(), Console.WIDTH, Console.HEIGHT));
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            EpochBench.write(redis.uri());
            EpochBench.Timeline t = EpochBench.measureTimeline(redis.uri());
            r.figure("state updates in the window", t.updates());
            r.figure("project lanes", t.lanes());
            r.figure("newest epochs read first", t.newestEpochs());
            r.figure("their read, from the reader's start (ms)", t.readMs());
            r.figure("their index, cold JVM (ms)", t.indexColdMs());
            r.figure("their first paint: data in, layout, draw, render (ms)", t.firstPaintMs());
            r.figure("whole window read, from the reader's start (ms)", t.wholeReadMs());
            r.figure("whole window index, first / again (ms)", String.format(Locale.ROOT, "%.0f / %.0f", t.wholeIndexMs(), t.indexWarmMs()));
            r.figure("whole window paint (ms)", t.wholePaintMs());
            r.figure("whole window on screen, from the reader's start (ms)", t.wholeOnScreenMs());
            r.figure("scroll redraw per step p50 / p95 / max (ms)", String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                    t.redrawP50Ms(), t.redrawP95Ms(), t.redrawMaxMs()));
            r.target(Target.below(String.format(Locale.ROOT, "epoch timeline from Redis to first paint (newest %d epochs: read + index + paint)",
                    t.newestEpochs()), t.toFirstPaintMs(), "ms", TARGET_MS));
        }
        if (results != null) {
            r.write(results);
        }
        Platform.exit();
        System.exit(r.allMet() ? 0 : 1);
    }
}
