package dev.watchkeeper.history;

import java.time.Duration;

/**
 * How the recorder batches, samples and keeps history.
 *
 * @param queueCapacity        changes waiting for the disk at most; beyond it changes are dropped and counted
 * @param keyframeEveryChanges a keyframe after this many recorded changes: bounds the changes a rewind reads
 * @param keyframeInterval     and at least this often while anything changes
 * @param sampleInterval       fast-moving counters (last published block, queue depth, the stream's health
 *                             timestamp, a source's last confirmation) are written at most this often per
 *                             indexer; every other change is written at once. Zero writes every change.
 * @param batchDelay           the longest a change waits before its batch is committed
 * @param maxAge               retention by age
 * @param maxBytes             retention by size
 * @param retentionInterval    how often retention runs
 */
public record RecorderSettings(int queueCapacity, int keyframeEveryChanges, Duration keyframeInterval, Duration sampleInterval,
                               Duration batchDelay, Duration maxAge, long maxBytes, Duration retentionInterval) {

    public static RecorderSettings defaults() {
        return new RecorderSettings(200_000, 20_000, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMillis(250),
                Retention.DEFAULT_MAX_AGE, Retention.DEFAULT_MAX_BYTES, Duration.ofMinutes(10));
    }

    public RecorderSettings withSampleInterval(Duration d) {
        return new RecorderSettings(queueCapacity, keyframeEveryChanges, keyframeInterval, d, batchDelay, maxAge, maxBytes, retentionInterval);
    }

    public RecorderSettings withKeyframes(int everyChanges, Duration interval) {
        return new RecorderSettings(queueCapacity, everyChanges, interval, sampleInterval, batchDelay, maxAge, maxBytes, retentionInterval);
    }

    public RecorderSettings withQueueCapacity(int capacity) {
        return new RecorderSettings(capacity, keyframeEveryChanges, keyframeInterval, sampleInterval, batchDelay, maxAge, maxBytes, retentionInterval);
    }

    public RecorderSettings withRetention(Duration age, long bytes) {
        return new RecorderSettings(queueCapacity, keyframeEveryChanges, keyframeInterval, sampleInterval, batchDelay, age, bytes, retentionInterval);
    }
}
