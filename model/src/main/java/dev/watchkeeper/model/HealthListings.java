package dev.watchkeeper.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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

    /** {@code batch}: a full listing (a partial one has nothing to compare with). */
    public HealthListing of(HealthBatch batch) {
        if (!batch.full()) {
            throw new IllegalArgumentException("not a full listing: " + batch.source());
        }
        boolean streams = batch.source() == Source.BLOCK_STREAMER;
        Map<IndexerId, Object> byId = new HashMap<>((streams ? batch.streams().size() : batch.executors().size()) * 2);
        (streams ? batch.streams() : batch.executors()).forEach(s -> byId.put(id(s), s));
        Last before;
        long seq;
        synchronized (last) {
            before = last.get(batch.source());
            seq = before == null ? 1 : before.seq() + 1;
            last.put(batch.source(), new Last(seq, byId));
        }
        Map<IndexerId, ?> was = before == null ? Map.of() : before.byId();
        Set<IndexerId> changed = new HashSet<>();
        Set<IndexerId> timeOnly = new HashSet<>();
        byId.forEach((id, now) -> {
            Object then = was.get(id);
            if (then == null) {
                changed.add(id);
            } else if (!then.equals(now)) {
                if (now instanceof StreamStatus s && HealthListing.sameStream((StreamStatus) then, s)) {
                    timeOnly.add(id);
                } else {
                    changed.add(id);
                }
            }
        });
        for (IndexerId id : was.keySet()) {
            if (!byId.containsKey(id)) {
                changed.add(id);
            }
        }
        @SuppressWarnings("unchecked")
        Map<IndexerId, StreamStatus> s = streams ? (Map<IndexerId, StreamStatus>) (Map<IndexerId, ?>) Collections.unmodifiableMap(byId) : Map.of();
        @SuppressWarnings("unchecked")
        Map<IndexerId, ExecutorStatus> x = streams ? Map.of() : (Map<IndexerId, ExecutorStatus>) (Map<IndexerId, ?>) Collections.unmodifiableMap(byId);
        return new HealthListing(batch, seq, before == null ? 0 : before.seq(), s, x,
                Collections.unmodifiableSet(changed), Collections.unmodifiableSet(timeOnly));
    }

    private static IndexerId id(Object status) {
        return status instanceof StreamStatus s ? s.id() : ((ExecutorStatus) status).id();
    }
}
