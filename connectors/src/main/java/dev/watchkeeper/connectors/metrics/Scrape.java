package dev.watchkeeper.connectors.metrics;

import java.time.Instant;

/** The two endpoints read at about the same time; either may be null (not configured or failed). */
public record Scrape(Instant at, Exposition blockStreamer, Exposition runner) {
}
