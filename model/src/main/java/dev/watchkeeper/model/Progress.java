package dev.watchkeeper.model;

/**
 * An indexer's block-stream progress from Redis.
 *
 * @param lastPublishedBlock {@code :last_published_block}, null when missing or unreadable
 * @param queueDepth         length of {@code :block_stream}, null when missing
 * @param problem            why a value is unreadable (raw text included), null when fine
 */
public record Progress(IndexerId id, Long lastPublishedBlock, Long queueDepth, String problem) {
}
