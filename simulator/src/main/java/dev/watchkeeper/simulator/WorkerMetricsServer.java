package dev.watchkeeper.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.IndexerId;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code GET /metrics} for the simulated block streamer and runner with exactly upstream's
 * metric names, types, labels and histogram buckets: block-streamer/src/metrics.rs (Rust
 * {@code prometheus} crate) and runner/src/metrics.ts ({@code prom-client}) in near/queryapi.
 * Counters are derived from the simulation: successful executions from blocks processed, failed
 * ones while the executor fails (upstream retries the same block), durations from a per-indexer
 * speed. Loopback only.
 */
public final class WorkerMetricsServer implements AutoCloseable {

    /** runner/src/metrics.ts EXECUTION_DURATION buckets. */
    static final double[] EXECUTION_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 120};
    /** runner/src/metrics.ts BLOCK_WAIT_DURATION buckets. */
    static final double[] BLOCK_WAIT_BUCKETS = {0.001, 0.01, 0.1, 0.3, 0.5, 1, 3, 5, 10, 30};
    /** The Rust prometheus crate's DEFAULT_BUCKETS, which LAKE_CACHE_LOCK_WAIT_SECONDS uses. */
    static final double[] DEFAULT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** What a scrape reads of one indexer, on the simulation thread. */
    private record View(IndexerId id, boolean stream, boolean executor, ExecutionState execution, long lastPublished,
                        long processed, int queue, double consumeRate) {
    }

    /** Counters kept between scrapes, as a long-running process would. */
    private static final class Counters {
        long firstPublished = -1;
        long published;
        long lastProcessed = -1;
        long successful;
        double failed;
        long up;
        final long[] execBuckets = new long[EXECUTION_BUCKETS.length];
        double execSum;
        final long[] waitBuckets = new long[BLOCK_WAIT_BUCKETS.length];
        double waitSum;
        long waitCount;
    }

    private final Simulation simulation;
    private final HttpServer blockStreamer;
    private final HttpServer runner;
    private final Map<IndexerId, Counters> counters = new HashMap<>();
    private long lastScrapeMs = System.currentTimeMillis();
    private long lakeHits;
    private long lakeMisses;
    private long s3Gets;

    WorkerMetricsServer(Simulation simulation, int blockStreamerPort, int runnerPort) {
        this.simulation = simulation;
        this.blockStreamer = bind(blockStreamerPort, true);
        this.runner = bind(runnerPort, false);
    }

    private HttpServer bind(int port, boolean streamer) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            s.createContext("/metrics", ex -> respond(ex, streamer));
            s.setExecutor(null);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port, e);
        }
    }

    public int blockStreamerPort() {
        return blockStreamer.getAddress().getPort();
    }

    public int runnerPort() {
        return runner.getAddress().getPort();
    }

    private void respond(HttpExchange ex, boolean streamer) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = (streamer ? blockStreamerText() : runnerText()).getBytes(StandardCharsets.UTF_8);
            // prom-client's and the Rust TextEncoder's content type
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private List<View> views() {
        return simulation.readAll(all -> {
            List<View> out = new ArrayList<>(all.size());
            for (SimIndexer ix : all) {
                if (!ix.removed) {
                    out.add(new View(ix.id, ix.streamActive, ix.executorActive, ix.execution, ix.lastPublished, ix.processed,
                            ix.queueDepth(), ix.consumeRate));
                }
            }
            return out;
        });
    }

    /** Advances the counters to now; both endpoints read the same state. */
    private synchronized List<View> advance() {
        List<View> views = views();
        long now = System.currentTimeMillis();
        double seconds = Math.max(0, (now - lastScrapeMs) / 1000.0) * simulation.config().timeFactor();
        lastScrapeMs = now;
        for (View v : views) {
            Counters c = counters.computeIfAbsent(v.id(), k -> new Counters());
            if (v.stream()) {
                if (c.firstPublished < 0) {
                    c.firstPublished = v.lastPublished();
                }
                c.published = Math.max(c.published, v.lastPublished() - c.firstPublished);
                c.up += (long) Math.ceil(seconds);
                lakeHits += (long) (seconds * 3);
                lakeMisses += (long) seconds;
                s3Gets += (long) seconds;
            }
            if (v.executor()) {
                c.up += (long) Math.ceil(seconds);
                long done = c.lastProcessed < 0 ? 0 : Math.max(0, v.processed() - c.lastProcessed);
                c.lastProcessed = v.processed();
                c.successful += done;
                double duration = executionSeconds(v);
                observe(c.execBuckets, EXECUTION_BUCKETS, duration, done);
                c.execSum += duration * done;
                if (v.execution() == ExecutionState.FAILING) {
                    // runner/src/stream-handler/worker.ts retries the failed block after a delay
                    c.failed += seconds / 2;
                    observe(c.execBuckets, EXECUTION_BUCKETS, duration, (long) Math.ceil(seconds / 2));
                }
                double wait = v.queue() > 0 ? 0.0005 : 0.4;
                observe(c.waitBuckets, BLOCK_WAIT_BUCKETS, wait, done);
                c.waitSum += wait * done;
                c.waitCount += done;
            }
        }
        return views;
    }

    /** A per-indexer speed: a slow consumer takes longer per block. */
    private static double executionSeconds(View v) {
        double base = 0.02 + (Math.abs(v.id().hashCode()) % 400) / 1000.0;
        return v.consumeRate() < 1 ? base / Math.max(0.05, v.consumeRate()) : base;
    }

    private static void observe(long[] buckets, double[] bounds, double value, long times) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                buckets[i] += times;
            }
        }
    }

    private String blockStreamerText() {
        List<View> views = advance();
        StringBuilder b = new StringBuilder(views.size() * 400);
        synchronized (this) {
            // block-streamer/src/metrics.rs, in the order the Rust registry sorts families (by name)
            family(b, "queryapi_block_streamer_block_stream_up", "A continuously increasing counter to indicate the block stream is up", "counter");
            for (View v : views) {
                if (v.stream()) {
                    b.append("queryapi_block_streamer_block_stream_up{indexer=\"").append(label(v.id())).append("\"} ").append(counters.get(v.id()).up).append('\n');
                }
            }
            family(b, "queryapi_block_streamer_lake_cache_hits", "Number of cache hits in lake cache", "gauge");
            b.append("queryapi_block_streamer_lake_cache_hits ").append(lakeHits).append('\n');
            family(b, "queryapi_block_streamer_lake_cache_lock_wait_seconds", "Time spent waiting for lock acquisition in LakeS3Client cache", "histogram");
            for (int i = 0; i < DEFAULT_BUCKETS.length; i++) {
                b.append("queryapi_block_streamer_lake_cache_lock_wait_seconds_bucket{le=\"").append(le(DEFAULT_BUCKETS[i])).append("\"} ").append(lakeHits + lakeMisses).append('\n');
            }
            b.append("queryapi_block_streamer_lake_cache_lock_wait_seconds_bucket{le=\"+Inf\"} ").append(lakeHits + lakeMisses).append('\n');
            b.append("queryapi_block_streamer_lake_cache_lock_wait_seconds_sum ").append((lakeHits + lakeMisses) * 0.0001).append('\n');
            b.append("queryapi_block_streamer_lake_cache_lock_wait_seconds_count ").append(lakeHits + lakeMisses).append('\n');
            family(b, "queryapi_block_streamer_lake_cache_misses", "Number of cache misses in lake cache", "gauge");
            b.append("queryapi_block_streamer_lake_cache_misses ").append(lakeMisses).append('\n');
            family(b, "queryapi_block_streamer_lake_cache_size", "Number of elements in lake cache", "gauge");
            b.append("queryapi_block_streamer_lake_cache_size ").append(Math.min(1000, lakeMisses)).append('\n');
            family(b, "queryapi_block_streamer_lake_s3_get_request_count", "Number of requests made to S3 from near lake framework", "counter");
            b.append("queryapi_block_streamer_lake_s3_get_request_count ").append(s3Gets).append('\n');
            family(b, "queryapi_block_streamer_last_processed_block", "Height of last block seen", "gauge");
            perStream(b, views, "queryapi_block_streamer_last_processed_block", v -> v.lastPublished());
            family(b, "queryapi_block_streamer_logs_count", "Number of messages logged", "counter");
            b.append("queryapi_block_streamer_logs_count{level=\"ERROR\"} ").append(lakeMisses / 50).append('\n');
            b.append("queryapi_block_streamer_logs_count{level=\"INFO\"} ").append(lakeHits).append('\n');
            family(b, "queryapi_block_streamer_processed_blocks_count", "Number of blocks processed by block stream", "counter");
            perStream(b, views, "queryapi_block_streamer_processed_blocks_count", v -> counters.get(v.id()).published);
            family(b, "queryapi_block_streamer_published_blocks_count", "Number of blocks published to redis stream", "counter");
            perStream(b, views, "queryapi_block_streamer_published_blocks_count", v -> counters.get(v.id()).published);
            family(b, "queryapi_block_streamer_receiver_blocks_failure", "Gauge which only has a nonzero value if an error occurs during receiver block backfill", "gauge");
            perStream(b, views, "queryapi_block_streamer_receiver_blocks_failure", v -> 0);
        }
        return b.toString();
    }

    private String runnerText() {
        List<View> views = advance();
        StringBuilder b = new StringBuilder(views.size() * 3000);
        synchronized (this) {
            // runner/src/metrics.ts, in declaration order (prom-client keeps registration order)
            family(b, "queryapi_runner_heap_total_allocation_megabytes", "Size of heap allocation for indexer function", "gauge");
            perExecutor(b, views, "queryapi_runner_heap_total_allocation_megabytes", v -> 64 + Math.abs(v.id().hashCode()) % 64);
            family(b, "queryapi_runner_heap_used_megabytes", "Size of used heap space for indexer function", "gauge");
            perExecutor(b, views, "queryapi_runner_heap_used_megabytes", v -> 20 + Math.abs(v.id().hashCode()) % 40 + Math.min(20, v.queue() / 5));
            family(b, "queryapi_runner_prefetch_queue_count", "Count of items in prefetch queue for indexer function", "gauge");
            perExecutor(b, views, "queryapi_runner_prefetch_queue_count", v -> Math.min(10, v.queue()));
            family(b, "queryapi_runner_block_wait_duration_seconds", "Time an indexer function waited for a block before processing", "histogram");
            for (View v : views) {
                if (v.executor()) {
                    Counters c = counters.get(v.id());
                    histogram(b, "queryapi_runner_block_wait_duration_seconds", label(v.id()), BLOCK_WAIT_BUCKETS, c.waitBuckets, c.waitSum, c.waitCount);
                }
            }
            family(b, "queryapi_runner_cache_hit", "The number of times cache was hit successfully", "counter");
            b.append("queryapi_runner_cache_hit ").append(lakeHits / 2).append('\n');
            family(b, "queryapi_runner_cache_miss", "The number of times cache was missed", "counter");
            b.append("queryapi_runner_cache_miss ").append(lakeMisses / 2).append('\n');
            family(b, "queryapi_runner_unprocessed_stream_messages", "Number of Redis Stream messages not yet processed", "gauge");
            perExecutor(b, views, "queryapi_runner_unprocessed_stream_messages", View::queue);
            family(b, "queryapi_runner_last_processed_block_height", "Previous block height processed by an indexer", "gauge");
            perExecutor(b, views, "queryapi_runner_last_processed_block_height", View::processed);
            family(b, "queryapi_runner_execution_duration_seconds", "Time taken to execute an indexer function", "histogram");
            for (View v : views) {
                if (v.executor()) {
                    Counters c = counters.get(v.id());
                    // every simulated duration is under the highest bound (120 s): +Inf counts what it does
                    histogram(b, "queryapi_runner_execution_duration_seconds", label(v.id()), EXECUTION_BUCKETS, c.execBuckets, c.execSum,
                            c.execBuckets[c.execBuckets.length - 1]);
                }
            }
            family(b, "queryapi_runner_logs_count", "Number of messages logged", "counter");
            long failedTotal = 0;
            for (Counters c : counters.values()) {
                failedTotal += (long) c.failed;
            }
            b.append("queryapi_runner_logs_count{level=\"error\"} ").append(failedTotal).append('\n');
            b.append("queryapi_runner_logs_count{level=\"info\"} ").append(lakeHits).append('\n');
            family(b, "queryapi_runner_executor_up", "Incremented each time the executor loop runs to indicate whether the job is functional", "counter");
            perExecutor(b, views, "queryapi_runner_executor_up", v -> counters.get(v.id()).up);
            family(b, "queryapi_runner_successful_executions", "Count of successful executions of an indexer function", "counter");
            perExecutor(b, views, "queryapi_runner_successful_executions", v -> counters.get(v.id()).successful);
            family(b, "queryapi_runner_failed_executions", "Count of failed executions of an indexer function", "counter");
            perExecutor(b, views, "queryapi_runner_failed_executions", v -> (long) counters.get(v.id()).failed);
        }
        return b.toString();
    }

    private static void histogram(StringBuilder b, String name, String indexer, double[] bounds, long[] buckets, double sum, long count) {
        for (int i = 0; i < bounds.length; i++) {
            b.append(name).append("_bucket{le=\"").append(le(bounds[i])).append("\",indexer=\"").append(indexer).append("\"} ").append(buckets[i]).append('\n');
        }
        b.append(name).append("_bucket{le=\"+Inf\",indexer=\"").append(indexer).append("\"} ").append(count).append('\n');
        b.append(name).append("_sum{indexer=\"").append(indexer).append("\"} ").append(sum).append('\n');
        b.append(name).append("_count{indexer=\"").append(indexer).append("\"} ").append(count).append('\n');
    }

    private static String le(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private interface Figure {
        long of(View v);
    }

    private static void perStream(StringBuilder b, List<View> views, String name, Figure f) {
        perIndexer(b, views, View::stream, name, f);
    }

    /** One sample per indexer whose block stream (or executor) is up: upstream drops the labels of stopped ones. */
    private static void perIndexer(StringBuilder b, List<View> views, java.util.function.Predicate<View> up, String name, Figure f) {
        for (View v : views) {
            if (up.test(v)) {
                b.append(name).append("{indexer=\"").append(label(v.id())).append("\"} ").append(f.of(v)).append('\n');
            }
        }
    }

    private static void perExecutor(StringBuilder b, List<View> views, String name, Figure f) {
        perIndexer(b, views, View::executor, name, f);
    }

    private static void family(StringBuilder b, String name, String help, String type) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** The label value escaped as the text format requires. */
    private static String label(IndexerId id) {
        return id.fullName().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public void close() {
        blockStreamer.stop(0);
        runner.stop(0);
    }
}
