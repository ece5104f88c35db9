package dev.watchkeeper.connectors.metrics;

/**
 * Process-wide figures of the block streamer and the runner; null where not given.
 *
 * @param lakeCacheHitRate          block streamer lake cache hits / (hits + misses), since the process started
 * @param blockStreamerErrorsPerSec block streamer ERROR log lines per second over the window
 * @param runnerErrorsPerSec        runner error log lines per second over the window
 * @param runnerCacheHitRate        runner cache hits / (hits + misses), since the process started
 * @param runnerHeapUsedMb          heap used by every indexer's worker together
 */
public record ProcessFigures(Double lakeCacheHitRate, Long lakeCacheSize, Double blockStreamerErrorsPerSec,
                             Double runnerErrorsPerSec, Double runnerCacheHitRate, Double runnerHeapUsedMb) {
}
