package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.app.epochs.EpochTimelineCanvas;
import dev.watchkeeper.bench.LiveHeap;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.EpochWindow;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import java.util.Arrays;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.epoch.EpochStates;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pooler's epoch status at the scale: 30 epochs × 2,000 projects × 5 processing states
 * (plus EPOCH_RELEASED), written in the snapshotter's key format, then read back the way a reader
 * must: every processingStatus hash of every epoch, pipelined, and every value parsed.
 */
final class EpochBench {

    static final int EPOCHS = 30;
    static final int PROJECTS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EpochBench() {
    }

    /** Writes the epochs, times the read, and returns result lines for the report. */
    static List<String> run(String redisUri) throws Exception {
        RedisClient client = RedisClient.create(redisUri);
        List<String> lines = new ArrayList<>();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long first = 20_000_000L;
            write(c.async(), first);
            long heapBefore = LiveHeap.afterFullGc();
            long best = Long.MAX_VALUE;
            Object keep = null;
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                keep = read(c.async(), first);
                best = Math.min(best, System.nanoTime() - t0);
            }
            long heap = LiveHeap.afterFullGc() - heapBefore;
            lines.add(String.format(Locale.ROOT,
                    "| read + parse all %d epochs × %d projects × %d states (pipelined HGETALL, Jackson per value) | %.0f ms | heap held %d MB |",
                    EPOCHS, PROJECTS, EpochStates.ORDER.size(), best / 1e6, heap >> 20));
            System.out.println(lines.getLast() + " " + (keep != null));
            lines.addAll(timeline(redisUri));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return lines;
    }

    /**
     * The console's own path: the real {@link EpochReader} reads the window into the model, the
     * index is built (off the FX thread, as the console does), then the timeline canvas paints it
     * in a headless window and scrolls through all lanes.
     */
    static List<String> timeline(String redisUri) throws Exception {
        return measureTimeline(redisUri).lines();
    }

    /**
     * The timeline's figures, in ms: the reader's read of the window, the first (cold) and a warm
     * index build, the first paint, and the scroll steps' redraw p50 / p95 / max.
     */
    record Timeline(int updates, int lanes, double readMs, double indexColdMs, double indexWarmMs, double firstPaintMs,
                    double redrawP50Ms, double redrawP95Ms, double redrawMaxMs, List<String> lines) {

        /** From Redis to the first paint, as a console opening on the window goes: read, index (cold), paint. */
        double toFirstPaintMs() {
            return readMs + indexColdMs + firstPaintMs;
        }
    }

    static Timeline measureTimeline(String redisUri) throws Exception {
        List<String> lines = new ArrayList<>();
        RedisSettings settings = new RedisSettings(redisUri, Duration.ofSeconds(2), "UNISWAPV2");
        long heapBefore = LiveHeap.afterFullGc();
        long t0 = System.nanoTime();
        EpochWindow window = EpochReader.readOnce(settings, Duration.ofSeconds(60));
        long readNs = System.nanoTime() - t0;
        t0 = System.nanoTime();
        EpochIndex.build(window);
        long indexNs = System.nanoTime() - t0;
        t0 = System.nanoTime();
        EpochIndex index = EpochIndex.build(window); // as on the next epoch released, with the JIT warm
        long indexWarmNs = System.nanoTime() - t0;
        long heap = LiveHeap.afterFullGc() - heapBefore;
        lines.add(String.format(Locale.ROOT, "| EpochReader: read the window into the model (%d updates) | %.0f ms | model + index held %d MB |",
                index.updateCount(), readNs / 1e6, heap >> 20));
        lines.add(String.format(Locale.ROOT, "| build the timeline index (off the FX thread): first (cold JVM) / again | %.0f / %.0f ms | |",
                indexNs / 1e6, indexWarmNs / 1e6));

        Stage[] stage = new Stage[1];
        EpochTimelineCanvas canvas = EndToEndBench.fx(() -> {
            EpochTimelineCanvas c = new EpochTimelineCanvas();
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new StackPane(c), Console.WIDTH, Console.HEIGHT));
            stage[0].show();
            return c;
        });
        // first paint: data in, laid out, drawn and rendered (snapshot forces the drawing commands through)
        long firstPaint = EndToEndBench.fx(() -> {
            long s = System.nanoTime();
            canvas.setData(index, index.lanes());
            canvas.getParent().layout();
            canvas.redraw();
            canvas.snapshot(null, null);
            return System.nanoTime() - s;
        });
        int steps = 120;
        long[] redraw = new long[steps];
        long[] rendered = new long[steps];
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            EndToEndBench.fx(() -> {
                double max = canvas.verticalBar().getMax();
                for (int i = 0; i < steps; i++) {
                    long s = System.nanoTime();
                    canvas.verticalBar().setValue(max * i / steps); // its listener redraws
                    redraw[i] = System.nanoTime() - s;
                    canvas.snapshot(null, null);
                    rendered[i] = System.nanoTime() - s;
                }
                return null;
            });
        }
        EndToEndBench.fx(() -> {
            stage[0].hide();
            return null;
        });
        Arrays.sort(redraw);
        Arrays.sort(rendered);
        lines.add(String.format(Locale.ROOT, "| timeline first paint (%d lanes; data in, layout, draw, render) | %.0f ms | |",
                index.lanes().size(), firstPaint / 1e6));
        lines.add(String.format(Locale.ROOT, "| timeline scroll: redraw per step, p50 / p95 / max (%d steps through all lanes) | %.1f / %.1f / %.1f ms | |",
                steps, redraw[steps / 2] / 1e6, redraw[steps * 95 / 100] / 1e6, redraw[steps - 1] / 1e6));
        lines.add(String.format(Locale.ROOT, "| timeline scroll: redraw + software render per step, p50 / p95 | %.1f / %.1f ms | |",
                rendered[steps / 2] / 1e6, rendered[steps * 95 / 100] / 1e6));
        lines.forEach(System.out::println);
        return new Timeline(index.updateCount(), index.lanes().size(), readNs / 1e6, indexNs / 1e6, indexWarmNs / 1e6, firstPaint / 1e6,
                redraw[steps / 2] / 1e6, redraw[steps * 95 / 100] / 1e6, redraw[steps - 1] / 1e6, lines);
    }

    /** Writes the window in full, as a pooler that has run for 30 epochs leaves it. */
    static void write(String redisUri) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            write(c.async(), 20_000_000L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    static void write(RedisAsyncCommands<String, String> a, long first) {
        List<RedisFuture<?>> f = new ArrayList<>();
        long ts = 1_692_530_595L;
        for (long e = first; e < first + EPOCHS; e++) {
            f.add(a.set("epochID:" + e + ":epochReleased", Long.toString(ts + e)));
            for (String state : EpochStates.ORDER.subList(1, EpochStates.ORDER.size())) {
                Map<String, String> fields = new HashMap<>();
                for (int p = 0; p < PROJECTS; p++) {
                    String project = "pairContract_pair_total_reserves:0x" + Long.toHexString(0xb4e1_0000_0000L + p) + ":UNISWAPV2";
                    boolean failed = p % 97 == 0;
                    String extra = state.equals(EpochStates.SNAPSHOT_FINALIZE) ? "{\"snapshot_cid\": \"bafkrei" + p + "\"}" : "null";
                    fields.put(project, "{\"status\": \"" + (failed ? "failed" : "success") + "\", \"error\": "
                            + (failed ? "\"timeout\"" : "null") + ", \"extra\": " + extra + ", \"timestamp\": " + (ts + e + p % 30) + "}");
                }
                f.add(a.hset("epochID:" + e + ":stateID:" + state + ":processingStatus", fields));
            }
        }
        LettuceFutures.awaitAll(Duration.ofSeconds(60), f.toArray(RedisFuture[]::new));
    }

    static Object read(RedisAsyncCommands<String, String> a, long first) throws Exception {
        List<RedisFuture<Map<String, String>>> hashes = new ArrayList<>();
        List<RedisFuture<String>> released = new ArrayList<>();
        for (long e = first; e < first + EPOCHS; e++) {
            released.add(a.get("epochID:" + e + ":epochReleased"));
            for (String state : EpochStates.ORDER.subList(1, EpochStates.ORDER.size())) {
                hashes.add(a.hgetall("epochID:" + e + ":stateID:" + state + ":processingStatus"));
            }
        }
        List<Object> parsed = new ArrayList<>(EPOCHS * PROJECTS * 5);
        for (RedisFuture<Map<String, String>> h : hashes) {
            for (Map.Entry<String, String> kv : h.get().entrySet()) {
                parsed.add(JSON.readTree(kv.getValue()));
            }
        }
        for (RedisFuture<String> r : released) {
            parsed.add(r.get());
        }
        return parsed;
    }
}
