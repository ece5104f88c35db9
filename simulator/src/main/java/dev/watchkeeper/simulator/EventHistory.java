package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.connectors.proto.indexer.IndexerEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The Watch stream's numbered change events, the newest {@code capacity} of them, so a client
 * that reconnects with its last sequence number misses nothing (or learns it must resync).
 */
final class EventHistory {

    private final IndexerEvent[] ring;
    private long lastSequence;

    EventHistory(int capacity) {
        ring = new IndexerEvent[capacity];
    }

    synchronized long append(IndexerDetail detail, boolean removed, long nowMillis) {
        long seq = ++lastSequence;
        ring[(int) (seq % ring.length)] = IndexerEvent.newBuilder().setSequence(seq).setIndexer(detail)
                .setRemoved(removed).setTimestampUnixMs(nowMillis).build();
        notifyAll();
        return seq;
    }

    synchronized long lastSequence() {
        return lastSequence;
    }

    /** True when every event after {@code sequence} is still kept. */
    synchronized boolean covers(long sequence) {
        return sequence >= lastSequence - ring.length && sequence <= lastSequence;
    }

    /** Events after {@code sequence}, at most {@code max}; null when some of them are no longer kept. */
    synchronized List<IndexerEvent> after(long sequence, int max) {
        if (!covers(sequence)) {
            return null;
        }
        long end = Math.min(lastSequence, sequence + max);
        List<IndexerEvent> out = new ArrayList<>((int) (end - sequence));
        for (long s = sequence + 1; s <= end; s++) {
            out.add(ring[(int) (s % ring.length)]);
        }
        return out;
    }

    /** Waits up to {@code millis} for an event after {@code sequence}. */
    synchronized void awaitAfter(long sequence, long millis) throws InterruptedException {
        if (lastSequence <= sequence) {
            wait(millis);
        }
    }
}
