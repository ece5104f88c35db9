package dev.watchkeeper.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds what queued up for one hand-off to the FX thread into the least work with the same result.
 * When the FX thread falls behind, several pulses' worth of batches arrive at once; applying each
 * in turn makes the next hand-off later still. Here a source's full health listing supersedes
 * that source's earlier listings, and progress readings collapse to the newest per indexer (the
 * blocks published between them are still counted: the newest height minus the last one applied).
 * State batches are kept whole and in order: every lifecycle transition is shown and recorded.
 */
public final class FleetBatches {

    private FleetBatches() {
    }

    /** {@code items}: StateBatch, HealthBatch, HealthListing and ProgressBatch values in arrival order. */
    public static List<Object> coalesce(List<Object> items) {
        int progressBatches = 0;
        Map<Source, Integer> lastFull = new EnumMap<>(Source.class);
        for (int i = 0; i < items.size(); i++) {
            switch (items.get(i)) {
                case ProgressBatch p -> progressBatches++;
                case HealthBatch h when h.full() -> lastFull.put(h.source(), i);
                case HealthListing l -> lastFull.put(l.source(), i);
                default -> {
                }
            }
        }
        if (progressBatches < 2 && lastFull.isEmpty()) {
            return items;
        }
        Map<IndexerId, Progress> newest = new LinkedHashMap<>();
        int lastProgress = -1;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ProgressBatch p) {
                p.items().forEach(x -> newest.put(x.id(), x));
                lastProgress = i;
            }
        }
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            switch (item) {
                case ProgressBatch p -> {
                    if (i == lastProgress) {
                        out.add(progressBatches == 1 ? p : new ProgressBatch(List.copyOf(newest.values()), p.observedAt()));
                    }
                }
                case HealthBatch h -> {
                    Integer full = lastFull.get(h.source());
                    if (full == null || i >= full) {
                        out.add(h);
                    }
                }
                case HealthListing l -> {
                    if (i >= lastFull.get(l.source())) {
                        out.add(l); // one folded before it: it is applied whole (HealthListings)
                    }
                }
                default -> out.add(item);
            }
        }
        return out;
    }
}
