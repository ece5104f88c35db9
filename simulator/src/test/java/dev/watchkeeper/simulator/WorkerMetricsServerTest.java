package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.metrics.Exposition;
import dev.watchkeeper.connectors.metrics.ExpositionParser;
import dev.watchkeeper.connectors.metrics.IndexerFigures;
import dev.watchkeeper.connectors.metrics.MetricsScraper;
import dev.watchkeeper.connectors.metrics.WorkerFigures;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulated workers' /metrics: upstream's names exactly, and figures the console's scraper computes from them. */
class WorkerMetricsServerTest {

    static LocalRedisServer redis;
    static ControlPlane plane;
    static WorkerMetricsServer metrics;

    @BeforeAll
    static void start() {
        redis = LocalRedisServer.start();
        plane = ControlPlane.start(redis.uri(), 0, SimConfig.defaults().withIndexers(30).withTimeFactor(20));
        metrics = plane.serveMetrics(0, 0);
    }

    @AfterAll
    static void stop() {
        plane.close();
        redis.close();
    }

    static Exposition get(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            return ExpositionParser.parse(r.body());
        }
    }

    /** The declared families, after checking that every sample belongs to one. */
    static Set<String> families(Exposition e) {
        assertThat(e.samples()).allSatisfy(s -> assertThat(e.declaredFamilies().contains(s.name())
                || "histogram".equals(e.type(s.name().replaceAll("_(bucket|sum|count)$", "")))).as(s.name()).isTrue());
        return e.declaredFamilies();
    }

    @Test
    void servesExactlyUpstreamsMetricNames() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Exposition bs = get(metrics.blockStreamerPort());
            assertThat(bs.problems()).isEmpty();
            // block-streamer/src/metrics.rs
            assertThat(families(bs)).containsExactlyInAnyOrder(
                    "queryapi_block_streamer_lake_cache_lock_wait_seconds", "queryapi_block_streamer_lake_cache_hits",
                    "queryapi_block_streamer_lake_cache_misses", "queryapi_block_streamer_lake_cache_size",
                    "queryapi_block_streamer_lake_s3_get_request_count", "queryapi_block_streamer_last_processed_block",
                    "queryapi_block_streamer_processed_blocks_count", "queryapi_block_streamer_published_blocks_count",
                    "queryapi_block_streamer_logs_count", "queryapi_block_streamer_block_stream_up",
                    "queryapi_block_streamer_receiver_blocks_failure");
            Exposition r = get(metrics.runnerPort());
            assertThat(r.problems()).isEmpty();
            // runner/src/metrics.ts
            assertThat(families(r)).containsExactlyInAnyOrder(
                    "queryapi_runner_heap_total_allocation_megabytes", "queryapi_runner_heap_used_megabytes",
                    "queryapi_runner_prefetch_queue_count", "queryapi_runner_block_wait_duration_seconds", "queryapi_runner_cache_hit",
                    "queryapi_runner_cache_miss", "queryapi_runner_unprocessed_stream_messages", "queryapi_runner_last_processed_block_height",
                    "queryapi_runner_execution_duration_seconds", "queryapi_runner_logs_count", "queryapi_runner_executor_up",
                    "queryapi_runner_successful_executions", "queryapi_runner_failed_executions");
            assertThat(r.type("queryapi_runner_execution_duration_seconds")).isEqualTo("histogram");
            assertThat(r.samples("queryapi_runner_execution_duration_seconds_bucket")).allSatisfy(s -> assertThat(s.label("indexer")).contains("/"));
        });
    }

    @Test
    void theScraperComputesRatesLatencyAndAFailingExecutorsFailureRate() {
        IndexerId failing = plane.indexers(LifecycleState.RUNNING).get(1);
        plane.faults().executorFailing(failing);
        AtomicReference<WorkerFigures> last = new AtomicReference<>();
        Map<Source, SourceStatus> statuses = new ConcurrentHashMap<>();
        try (MetricsScraper scraper = new MetricsScraper(URI.create("http://127.0.0.1:" + metrics.blockStreamerPort() + "/metrics"),
                URI.create("http://127.0.0.1:" + metrics.runnerPort() + "/metrics"), Duration.ofMillis(300), Duration.ofSeconds(2),
                new MetricsScraper.Listener() {
                    @Override
                    public void onFigures(WorkerFigures f) {
                        last.set(f);
                    }

                    @Override
                    public void onStatus(SourceStatus s) {
                        statuses.put(s.source(), s);
                    }
                }, Clock.systemUTC()).start()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                WorkerFigures f = last.get();
                assertThat(f).isNotNull();
                assertThat(f.indexers().values()).anySatisfy(i -> {
                    assertThat(i.blocksPerSecond()).isPositive();
                    assertThat(i.executionP95Seconds()).isPositive();
                    assertThat(i.lastProcessedHeight()).isPositive();
                });
                IndexerFigures bad = f.indexers().get(failing);
                assertThat(bad).isNotNull();
                assertThat(bad.failureRate()).isEqualTo(1.0);
                assertThat(f.process().lakeCacheHitRate()).isBetween(0.5, 1.0);
                assertThat(statuses.get(Source.RUNNER_METRICS).state()).isEqualTo(ConnectionState.CONNECTED);
                assertThat(statuses.get(Source.BLOCK_STREAMER_METRICS).mode()).isEqualTo("scraped every 0 s");
            });
        }
    }

    @Test
    void aDeadEndpointIsShownReconnectingWithTheReason() {
        Map<Source, SourceStatus> statuses = new ConcurrentHashMap<>();
        try (MetricsScraper scraper = new MetricsScraper(null, URI.create("http://127.0.0.1:1/metrics"), Duration.ofSeconds(15),
                Duration.ofSeconds(1), new MetricsScraper.Listener() {
            @Override
            public void onFigures(WorkerFigures f) {
            }

            @Override
            public void onStatus(SourceStatus s) {
                statuses.put(s.source(), s);
            }
        }, Clock.systemUTC()).start()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                SourceStatus s = statuses.get(Source.RUNNER_METRICS);
                assertThat(s.state()).isEqualTo(ConnectionState.RECONNECTING);
                assertThat(s.message()).contains("cannot connect to http://127.0.0.1:1/metrics");
                assertThat(s.nextRetry()).isNotNull();
            });
            assertThat(statuses).doesNotContainKey(Source.BLOCK_STREAMER_METRICS);
        }
    }
}
