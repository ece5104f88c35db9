package dev.watchkeeper.model;

import java.util.Map;
import java.util.Set;

/**
 * A source's full health listing with what it changed since that source's listing before it,
 * worked out where it was read ({@link HealthListings}), not on the FX thread: the block streamer
 * refreshes every stream's {@code updated_at} on each health check, so a running fleet's listing
 * names every indexer every poll, and comparing 10,000 of them there held up the frames.
 *
 * @param batch    the listing as read
 * @param seq      this listing's number for its source; {@code previous} is the number of the one it was compared with (0: none)
 * @param streams  the block streamer's listing by indexer (empty for the runner)
 * @param executors the runner's listing by indexer (empty for the block streamer)
 * @param changed  indexers added, removed, or changed in more than {@code updated_at}
 * @param timeOnly indexers whose stream's {@code updated_at} alone moved
 */
public record HealthListing(HealthBatch batch, long seq, long previous, Map<IndexerId, StreamStatus> streams,
                            Map<IndexerId, ExecutorStatus> executors, Set<IndexerId> changed, Set<IndexerId> timeOnly) {

    public Source source() {
        return batch.source();
    }

    /** Whether the stream's health, version and ID are the same: only {@code updated_at} may differ. */
    public static boolean sameStream(StreamStatus a, StreamStatus b) {
        return a.health() == b.health() && a.version() == b.version() && java.util.Objects.equals(a.streamId(), b.streamId());
    }
}
