package dev.watchkeeper.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares each full health listing with its source's listing before it, on the thread that read
 * it. A consumer that applied listing {@code n} of a source applies listing {@code n + 1} from its
 * {@link HealthListing#changed()} and {@link HealthListing#timeOnly()} alone; one that applied
 * anything else of that source since (a listing folded away, an outage's empty listing) applies the
 * listing whole. Thread-safe: each source's poller calls it from its own thread.
 */
public final class HealthListings {

    private record Last(long seq, Map<IndexerId, ?> byId) {
    }

    private final Map<Source, Last> last = new EnumMap<>(Source.class);

    /**
     * {@code batch}: a full listing (a partial one has nothing to compare with). The listing's
     * {@link HealthListing#batch()} holds the previous listing's objects wherever they still say
     * the same: an unchanged entry is the previous object, and a changed one keeps the previous
     * indexer ID and stream or executor ID. Each listing arrives as new objects (20,000 of them with
     * their strings for a fleet of 10,000), which the fleet, the detail history and the recorder
     * keep until the next listing: alive at a young collection, so copied, and promoted. Kept the
     * previous objects instead, the new ones die at once.
     */
    public HealthListing of(HealthBatch batch) {
        if (!batch.full()) {
            throw new IllegalArgumentException("not a full listing: " + batch.source());
        }
        boolean isStreams = batch.source() == Source.BLOCK_STREAMER;
        Last before;
        synchronized (last) {
            before = last.get(batch.source());
        }
        Map<IndexerId, ?> was = before == null ? Map.of() : before.byId();
        List<Object> listed = new ArrayList<>(isStreams ? batch.streams().size() : batch.executors().size());
        Map<IndexerId, Object> byId = new HashMap<>(listed.size() * 2 + 16);
        Set<IndexerId> changed = new HashSet<>();
        Set<IndexerId> timeOnly = new HashSet<>();
        for (Object now : isStreams ? batch.streams() : batch.executors()) {
            Object then = was.get(id(now));
            Object kept;
            if (then == null) {
                kept = now;
                changed.add(id(now));
            } else if (then.equals(now)) {
                kept = then;
            } else if (now instanceof StreamStatus s) {
                StreamStatus t = (StreamStatus) then;
                kept = new StreamStatus(t.id(), java.util.Objects.equals(t.streamId(), s.streamId()) ? t.streamId() : s.streamId(),
                        s.version(), s.health(), s.updatedAtSecs());
                (HealthListing.sameStream(t, s) ? timeOnly : changed).add(t.id());
            } else {
                ExecutorStatus t = (ExecutorStatus) then;
                ExecutorStatus x = (ExecutorStatus) now;
                kept = new ExecutorStatus(t.id(), java.util.Objects.equals(t.executorId(), x.executorId()) ? t.executorId() : x.executorId(),
                        x.version(), x.health());
                changed.add(t.id());
            }
            byId.put(id(kept), kept);
            listed.add(kept);
        }
        for (IndexerId id : was.keySet()) {
            if (!byId.containsKey(id)) {
                changed.add(id);
            }
        }
        long seq;
        synchronized (last) {
            seq = before == null ? 1 : before.seq() + 1;
            last.put(batch.source(), new Last(seq, byId));
        }
        @SuppressWarnings("unchecked")
        List<StreamStatus> streams = isStreams ? (List<StreamStatus>) (List<?>) listed : List.of();
        @SuppressWarnings("unchecked")
        List<ExecutorStatus> executors = isStreams ? List.of() : (List<ExecutorStatus>) (List<?>) listed;
        HealthBatch kept = new HealthBatch(batch.source(), streams, executors, true, batch.observedAt());
        @SuppressWarnings("unchecked")
        Map<IndexerId, StreamStatus> s = isStreams ? (Map<IndexerId, StreamStatus>) (Map<IndexerId, ?>) Collections.unmodifiableMap(byId) : Map.of();
        @SuppressWarnings("unchecked")
        Map<IndexerId, ExecutorStatus> x = isStreams ? Map.of() : (Map<IndexerId, ExecutorStatus>) (Map<IndexerId, ?>) Collections.unmodifiableMap(byId);
        return new HealthListing(kept, seq, before == null ? 0 : before.seq(), s, x,
                Collections.unmodifiableSet(changed), Collections.unmodifiableSet(timeOnly));
    }

    private static IndexerId id(Object status) {
        return status instanceof StreamStatus s ? s.id() : ((ExecutorStatus) status).id();
    }
}
