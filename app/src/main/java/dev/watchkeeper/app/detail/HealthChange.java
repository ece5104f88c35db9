package dev.watchkeeper.app.detail;

import dev.watchkeeper.model.Source;

import java.time.Instant;

/** Block-stream or executor health as it changed (source BLOCK_STREAMER or RUNNER). */
public record HealthChange(Instant at, Source source, String health) {
}
