package dev.watchkeeper.simulator;

/**
 * The simulator's own numbers.
 *
 * @param indexers               registered indexers
 * @param totalStateChanges      state JSON writes since start
 * @param stateChangesPerSecond  over the last five seconds
 * @param processCpuLoad         this JVM's CPU use, 0..1 of the whole machine (all cores); negative when unknown
 * @param availableProcessors    cores the JVM sees
 * @param currentEpoch           the pooler snapshotter's newest released epoch
 * @param churnPerSecond         requested background churn
 */
public record SimStats(int indexers, long totalStateChanges, double stateChangesPerSecond, double processCpuLoad,
                       int availableProcessors, long currentEpoch, double churnPerSecond) {

    @Override
    public String toString() {
        return String.format("%d indexers, %.0f state changes/s (%d total), CPU %.0f%% of %d cores, epoch %d, churn %.0f/s",
                indexers, stateChangesPerSecond, totalStateChanges, processCpuLoad * 100, availableProcessors, currentEpoch,
                churnPerSecond);
    }
}
