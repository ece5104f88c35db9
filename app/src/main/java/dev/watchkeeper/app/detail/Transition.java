package dev.watchkeeper.app.detail;

import dev.watchkeeper.model.IndexerState;

import java.time.Instant;

/** A lifecycle state the console observed an indexer enter (or find it in, on first sight). */
public record Transition(Instant at, IndexerState state, boolean firstSeen) {
}
