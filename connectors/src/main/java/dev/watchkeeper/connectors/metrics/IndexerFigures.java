package dev.watchkeeper.connectors.metrics;

import dev.watchkeeper.model.IndexerId;

/**
 * What the workers' metrics say of one indexer between two scrapes; null where the endpoints did
 * not give it (not configured, no sample for this indexer, or nothing happened in the window).
 *
 * @param blocksPerSecond     blocks processed per second (runner's last processed height, else the block streamer's processed count)
 * @param executionP95Seconds 95th percentile of {@code queryapi_runner_execution_duration_seconds} over the window
 * @param failureRate         failed / (failed + successful) executions over the window, 0 to 1
 * @param lagBlocks           the newest block any block stream has seen minus this indexer's last processed height
 */
public record IndexerFigures(IndexerId id, Double blocksPerSecond, Double executionP95Seconds, Double failureRate,
                             Long unprocessedMessages, Double heapMb, Long lastProcessedHeight, Long lagBlocks) {
}
