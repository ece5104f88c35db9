package dev.watchkeeper.app.dashboard;

import java.util.Deque;

/** The fleet's blocks per second from readings of its running block count. */
final class BlockRate {

    private BlockRate() {
    }

    /**
     * Blocks per second between the oldest and the newest reading (not up to now: between two
     * readings the count cannot move, and dividing by a growing time drew a saw-tooth), or null when fewer than two
     * readings exist or the newest is older than {@code windowMs} (nothing moved lately: the caller
     * says so instead of showing an old rate).
     *
     * @param readings (epoch millis, running count) pairs, oldest first, each one a change
     */
    static Double perSecond(Deque<long[]> readings, long nowMs, long windowMs) {
        if (readings.size() < 2 || readings.getLast()[0] < nowMs - windowMs) {
            return null;
        }
        long[] first = readings.getFirst();
        long[] last = readings.getLast();
        double secs = Math.max(1, last[0] - first[0]) / 1000.0;
        return (last[1] - first[1]) / secs;
    }
}
