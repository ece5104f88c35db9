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
     * The console's own path: the real {@link EpochReader} reads the newest epochs first and hands
     * them over, then the rest of the window; each is flattened into its index (off the FX thread,
     * as the console does) and painted by the timeline canvas in a headless window, which then
     * scrolls through all lanes.
     */
    static List<String> timeline(String redisUri) throws Exception {
        return measureTimeline(redisUri).lines();
    }

    /**
     * The timeline's figures, in ms. First look: the newest epochs' read (from the reader's start),
     * their index (cold JVM) and their first paint. Whole window: when its read was done (from the
     * start), its index (first and again), its paint, and when it was on screen (from the start).
     * Then the scroll steps' redraw p50 / p95 / max.
     */
    record Timeline(int newestEpochs, int updates, int lanes, double readMs, double indexColdMs, double firstPaintMs,
                    double wholeReadMs, double wholeIndexMs, double indexWarmMs, double wholePaintMs, double wholeOnScreenMs,
                    double redrawP50Ms, double redrawP95Ms, double redrawMaxMs, List<String> lines) {

        /** From Redis to the first paint, as a console opening on the window goes: the newest epochs' read, index (cold), paint. */
        double toFirstPaintMs() {
            return readMs + indexColdMs + firstPaintMs;
        }
    }

    static Timeline measureTimeline(String redisUri) throws Exception {
        List<String> lines = new ArrayList<>();
        RedisSettings settings = new RedisSettings(redisUri, Duration.ofSeconds(2), "UNISWAPV2");
        long heapBefore = LiveHeap.afterFullGc();
        java.util.concurrent.CompletableFuture<EpochWindow> newestRead = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<EpochWindow> wholeRead = new java.util.concurrent.CompletableFuture<>();
        long[] readAt = new long[2];
        EpochReader reader = new EpochReader(settings, new dev.watchkeeper.connectors.ControlPlaneListener() {
            @Override
            public void onNewestEpochs(EpochWindow newest, int olderToCome) {
                readAt[0] = System.nanoTime();
                newestRead.complete(newest);
            }

            @Override
            public void onEpochs(EpochWindow window) {
                readAt[1] = System.nanoTime();
                wholeRead.complete(window);
            }
        });
        Stage[] stage = new Stage[1];
        EpochTimelineCanvas canvas = EndToEndBench.fx(() -> {
            EpochTimelineCanvas c = new EpochTimelineCanvas();
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new StackPane(c), Console.WIDTH, Console.HEIGHT));
            stage[0].show();
            return c;
        });
        long t0 = System.nanoTime();
        reader.start();
        EpochIndex index;
        long heap;
        double newestMs;
        double newestIndexMs;
        double newestPaintMs;
        double wholeMs;
        double wholeIndexMs;
        double wholePaintMs;
        double onScreenMs;
        double warmMs;
        int newestEpochs;
        try {
            EpochWindow newest = newestRead.get(60, java.util.concurrent.TimeUnit.SECONDS);
            newestMs = (readAt[0] - t0) / 1e6;
            newestEpochs = newest.epochs().size();
            long s = System.nanoTime();
            EpochIndex newestIndex = EpochIndex.build(newest);
            newestIndexMs = (System.nanoTime() - s) / 1e6;
            newestPaintMs = paint(canvas, newestIndex) / 1e6;
            EpochWindow whole = wholeRead.get(60, java.util.concurrent.TimeUnit.SECONDS);
            wholeMs = (readAt[1] - t0) / 1e6;
            s = System.nanoTime();
            index = EpochIndex.build(whole);
            wholeIndexMs = (System.nanoTime() - s) / 1e6;
            wholePaintMs = paint(canvas, index) / 1e6;
            onScreenMs = (System.nanoTime() - t0) / 1e6;
            s = System.nanoTime();
            EpochIndex.build(whole); // as on the next epoch released, with the JIT warm
            warmMs = (System.nanoTime() - s) / 1e6;
            heap = LiveHeap.afterFullGc() - heapBefore;
        } finally {
            reader.close();
        }
        lines.add(String.format(Locale.ROOT, "| EpochReader: the newest %d epochs read first | %.0f ms | |", newestEpochs, newestMs));
        lines.add(String.format(Locale.ROOT, "| their timeline index (off the FX thread, cold JVM) | %.0f ms | |", newestIndexMs));
        lines.add(String.format(Locale.ROOT, "| their first paint (data in, layout, draw, render) | %.0f ms | |", newestPaintMs));
        lines.add(String.format(Locale.ROOT, "| the whole window (%d updates) read, from the reader's start | %.0f ms | model + index held %d MB |",
                index.updateCount(), wholeMs, heap >> 20));
        lines.add(String.format(Locale.ROOT, "| its index: first / again (JIT warm) | %.0f / %.0f ms | |", wholeIndexMs, warmMs));
        lines.add(String.format(Locale.ROOT, "| its paint; whole window on screen, from the reader's start | %.0f ms; %.0f ms | |", wholePaintMs, onScreenMs));

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
        lines.add(String.format(Locale.ROOT, "| timeline scroll: redraw per step, p50 / p95 / max (%d steps through all %d lanes) | %.1f / %.1f / %.1f ms | |",
                steps, index.lanes().size(), redraw[steps / 2] / 1e6, redraw[steps * 95 / 100] / 1e6, redraw[steps - 1] / 1e6));
        lines.add(String.format(Locale.ROOT, "| timeline scroll: redraw + software render per step, p50 / p95 | %.1f / %.1f ms | |",
                rendered[steps / 2] / 1e6, rendered[steps * 95 / 100] / 1e6));
        lines.forEach(System.out::println);
        return new Timeline(newestEpochs, index.updateCount(), index.lanes().size(), newestMs, newestIndexMs, newestPaintMs,
                wholeMs, wholeIndexMs, warmMs, wholePaintMs, onScreenMs,
                redraw[steps / 2] / 1e6, redraw[steps * 95 / 100] / 1e6, redraw[steps - 1] / 1e6, lines);
    }

    /** Nanoseconds for the canvas to take {@code index} and show it: data in, laid out, drawn and rendered (a snapshot forces the drawing through). */
    private static long paint(EpochTimelineCanvas canvas, EpochIndex index) throws Exception {
        return EndToEndBench.fx(() -> {
            long s = System.nanoTime();
            canvas.setData(index, index.lanes());
            canvas.getParent().layout();
            canvas.redraw();
            canvas.snapshot(null, null);
            return System.nanoTime() - s;
        });
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
