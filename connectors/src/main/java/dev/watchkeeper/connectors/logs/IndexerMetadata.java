package dev.watchkeeper.connectors.logs;

/**
 * What the runner records in the indexer's {@code sys_metadata} (near/queryapi
 * {@code runner/src/indexer-meta/indexer-meta.ts}: {@code MetadataFields}).
 *
 * @param status                   PROVISIONING, RUNNING, FAILING or STOPPED as stored; null when not written yet
 * @param lastProcessedBlockHeight null when not written yet or not a number
 */
public record IndexerMetadata(String status, Long lastProcessedBlockHeight) {
}
