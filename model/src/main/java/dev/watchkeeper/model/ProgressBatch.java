package dev.watchkeeper.model;

import java.time.Instant;
import java.util.List;

/** Progress of many indexers read at one moment. */
public record ProgressBatch(List<Progress> items, Instant observedAt) {

    public ProgressBatch {
        items = List.copyOf(items);
    }
}
