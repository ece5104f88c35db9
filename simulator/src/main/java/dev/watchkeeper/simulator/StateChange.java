package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;

/**
 * One state JSON the simulator wrote to Redis, with the moment it issued the write, so a benchmark
 * can measure how long a change takes to reach the console. Kept in memory only: the Redis JSON
 * stays exactly upstream's.
 *
 * @param sequence        1, 2, 3 ... in write order
 * @param lifecycleState  the lifecycle_state string written
 * @param writtenAtMillis wall clock (UNIX ms) just before the write was sent
 * @param writtenAtNanos  {@link System#nanoTime()} at the same moment, for latency within this JVM
 */
public record StateChange(long sequence, IndexerId indexer, String lifecycleState, boolean enabled,
                          long writtenAtMillis, long writtenAtNanos) {
}
