package dev.watchkeeper.app.detail;

import java.time.Instant;

/** Block height and queue depth observed at one moment; null when the value was missing. */
public record ProgressSample(Instant at, Long lastPublishedBlock, Long queueDepth) {
}
