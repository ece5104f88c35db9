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
 * console's EpochReader, flattened into lanes (cold JVM, as at start-up) and painted by the
 * timeline canvas in a headless window. Target: from Redis to the first paint under 1 s.
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
                        + " the console's EpochReader reads the window, the timeline index is built once in a cold JVM"
                        + " (as at start-up) and the timeline canvas paints it in a headless %d×%d window (software rendering)",
                EpochBench.EPOCHS, EpochBench.PROJECTS, EpochStates.ORDER.size(), Console.WIDTH, Console.HEIGHT));
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            EpochBench.write(redis.uri());
            EpochBench.Timeline t = EpochBench.measureTimeline(redis.uri());
            r.figure("state updates in the window", t.updates());
            r.figure("project lanes", t.lanes());
            r.figure("EpochReader read of the window (ms)", t.readMs());
            r.figure("timeline index build, first / warm (ms)", String.format(Locale.ROOT, "%.0f / %.0f", t.indexColdMs(), t.indexWarmMs()));
            r.figure("first paint: data in, layout, draw, render (ms)", t.firstPaintMs());
            r.figure("scroll redraw per step p50 / p95 / max (ms)", String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                    t.redrawP50Ms(), t.redrawP95Ms(), t.redrawMaxMs()));
            r.target(Target.below("epoch timeline from Redis to first paint (read + index + paint)", t.toFirstPaintMs(), "ms", TARGET_MS));
        }
        if (results != null) {
            r.write(results);
        }
        Platform.exit();
        System.exit(r.allMet() ? 0 : 1);
    }
}
