package dev.watchkeeper.connectors.metrics;

/**
 * Metric names as upstream declares them (near/queryapi block-streamer/src/metrics.rs and
 * runner/src/metrics.ts). Per-indexer metrics carry the label {@code indexer} = {@code account/function}.
 */
public final class UpstreamMetrics {

    public static final String INDEXER_LABEL = "indexer";

    // block streamer (block-streamer/src/metrics.rs)
    public static final String BS_LAST_PROCESSED_BLOCK = "queryapi_block_streamer_last_processed_block";
    public static final String BS_PROCESSED_BLOCKS_COUNT = "queryapi_block_streamer_processed_blocks_count";
    public static final String BS_PUBLISHED_BLOCKS_COUNT = "queryapi_block_streamer_published_blocks_count";
    public static final String BS_BLOCK_STREAM_UP = "queryapi_block_streamer_block_stream_up";
    public static final String BS_RECEIVER_BLOCKS_FAILURE = "queryapi_block_streamer_receiver_blocks_failure";
    public static final String BS_LOGS_COUNT = "queryapi_block_streamer_logs_count";
    public static final String BS_LAKE_CACHE_HITS = "queryapi_block_streamer_lake_cache_hits";
    public static final String BS_LAKE_CACHE_MISSES = "queryapi_block_streamer_lake_cache_misses";
    public static final String BS_LAKE_CACHE_SIZE = "queryapi_block_streamer_lake_cache_size";
    public static final String BS_LAKE_CACHE_LOCK_WAIT_SECONDS = "queryapi_block_streamer_lake_cache_lock_wait_seconds";
    public static final String BS_LAKE_S3_GET_REQUEST_COUNT = "queryapi_block_streamer_lake_s3_get_request_count";

    // runner (runner/src/metrics.ts)
    public static final String R_EXECUTION_DURATION = "queryapi_runner_execution_duration_seconds";
    public static final String R_BLOCK_WAIT_DURATION = "queryapi_runner_block_wait_duration_seconds";
    public static final String R_UNPROCESSED_STREAM_MESSAGES = "queryapi_runner_unprocessed_stream_messages";
    public static final String R_LAST_PROCESSED_BLOCK_HEIGHT = "queryapi_runner_last_processed_block_height";
    public static final String R_SUCCESSFUL_EXECUTIONS = "queryapi_runner_successful_executions";
    public static final String R_FAILED_EXECUTIONS = "queryapi_runner_failed_executions";
    public static final String R_EXECUTOR_UP = "queryapi_runner_executor_up";
    public static final String R_PREFETCH_QUEUE_COUNT = "queryapi_runner_prefetch_queue_count";
    public static final String R_HEAP_USED_MB = "queryapi_runner_heap_used_megabytes";
    public static final String R_HEAP_TOTAL_MB = "queryapi_runner_heap_total_allocation_megabytes";
    public static final String R_CACHE_HIT = "queryapi_runner_cache_hit";
    public static final String R_CACHE_MISS = "queryapi_runner_cache_miss";
    public static final String R_LOGS_COUNT = "queryapi_runner_logs_count";

    private UpstreamMetrics() {
    }
}
