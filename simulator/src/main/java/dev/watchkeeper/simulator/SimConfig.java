package dev.watchkeeper.simulator;

import java.time.Duration;

/**
 * How the simulated control plane behaves. Durations named "upstream" are what the real systems
 * take; the simulation divides them by {@code timeFactor}.
 *
 * @param indexers              how many indexers to register
 * @param seed                  seed for every random choice, so a run is reproducible
 * @param timeFactor            how much faster than upstream time runs (10: an upstream second passes in 100 ms)
 * @param initialSuspendedShare share of indexers that start suspended
 * @param projectsPerEpoch      pooler snapshotter projects processed per epoch
 * @param epochInterval         upstream time between two released epochs
 * @param churnPerSecond        background lifecycle changes per (real) second, 0 = none
 * @param namespace             the pooler snapshotter's namespace (liveness keys, project IDs)
 * @param publishBudgetPerSecond Redis commands per real second at most for block streams (XADD, SET last_published_block)
 * @param logLinesPerIndexer    size of each indexer's log ring
 * @param watchHistory          how many Watch events are kept for resuming clients (and ten times as many
 *                              state changes in {@link StateChangeLog}, at most 2^20)
 * @param upstream              upstream-exact mode: no operator extension, and the coordinator
 *                              behaves as near/queryapi's does, bugs included (Deleting kept
 *                              forever, the blocking 600-s restart that writes back a stale state);
 *                              false: the coordinator with Watchkeeper's extension. Switches on
 *                              {@code poolerPerProjectWrites} ({@link #withUpstream})
 * @param poolerPerProjectWrites the pooler writes one HSET per project as each finishes a state, spread
 *                              over the state's time, and a failed bulk build as {@code {task_type}:{namespace}}
 *                              (upstream PowerLoom/pooler); false: one HSET per state hash (cheaper, the default)
 * @param poolerProtocolContractState the pooler is an older build (PowerLoom/pooler 00d58b2 to 4a9daaa) that also
 *                              writes SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT between RELAYER_SEND and SNAPSHOT_FINALIZE
 */
public record SimConfig(int indexers, long seed, double timeFactor, double initialSuspendedShare,
                        int projectsPerEpoch, Duration epochInterval, double churnPerSecond, String namespace,
                        int publishBudgetPerSecond, int logLinesPerIndexer, int watchHistory, boolean upstream,
                        boolean poolerPerProjectWrites, boolean poolerProtocolContractState) {

    public static final int DEFAULT_INDEXERS = 200;

    public SimConfig {
        if (indexers < 0) {
            throw new IllegalArgumentException("indexers must be >= 0");
        }
        if (!(timeFactor > 0) || Double.isInfinite(timeFactor)) {
            throw new IllegalArgumentException("timeFactor must be > 0");
        }
        if (projectsPerEpoch < 0) {
            throw new IllegalArgumentException("projectsPerEpoch must be >= 0");
        }
        if (epochInterval.isNegative() || epochInterval.isZero()) {
            throw new IllegalArgumentException("epochInterval must be > 0");
        }
        if (churnPerSecond < 0) {
            throw new IllegalArgumentException("churnPerSecond must be >= 0");
        }
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        if (publishBudgetPerSecond < 1 || logLinesPerIndexer < 1 || watchHistory < 1) {
            throw new IllegalArgumentException("publishBudgetPerSecond, logLinesPerIndexer and watchHistory must be >= 1");
        }
    }

    public static SimConfig defaults() {
        return new SimConfig(DEFAULT_INDEXERS, 42L, 1.0, 0.1, 300, Duration.ofSeconds(30), 0, "UNISWAPV2",
                20_000, 200, 100_000, false, false, false);
    }

    public SimConfig withIndexers(int n) {
        return new SimConfig(n, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval, churnPerSecond,
                namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withSeed(long s) {
        return new SimConfig(indexers, s, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval, churnPerSecond,
                namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withTimeFactor(double f) {
        return new SimConfig(indexers, seed, f, initialSuspendedShare, projectsPerEpoch, epochInterval, churnPerSecond,
                namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withInitialSuspendedShare(double share) {
        return new SimConfig(indexers, seed, timeFactor, share, projectsPerEpoch, epochInterval, churnPerSecond,
                namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withProjectsPerEpoch(int n) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, n, epochInterval, churnPerSecond,
                namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withEpochInterval(Duration interval) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, interval, churnPerSecond,
                namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withChurn(double changesPerSecond) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                changesPerSecond, namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withNamespace(String ns) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                churnPerSecond, ns, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withPublishBudget(int publicationsPerSecond) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                churnPerSecond, namespace, publicationsPerSecond, logLinesPerIndexer, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withLogLinesPerIndexer(int n) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                churnPerSecond, namespace, publishBudgetPerSecond, n, watchHistory, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    public SimConfig withWatchHistory(int events) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                churnPerSecond, namespace, publishBudgetPerSecond, logLinesPerIndexer, events, upstream, poolerPerProjectWrites, poolerProtocolContractState);
    }

    /** Upstream-exact mode; the pooler then writes per project as upstream does (and back to one HSET per hash without it). */
    public SimConfig withUpstream(boolean exact) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                churnPerSecond, namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, exact, exact,
                poolerProtocolContractState);
    }

    public SimConfig withPoolerPerProjectWrites(boolean perProject) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                churnPerSecond, namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream, perProject,
                poolerProtocolContractState);
    }

    public SimConfig withPoolerProtocolContractState(boolean olderBuild) {
        return new SimConfig(indexers, seed, timeFactor, initialSuspendedShare, projectsPerEpoch, epochInterval,
                churnPerSecond, namespace, publishBudgetPerSecond, logLinesPerIndexer, watchHistory, upstream,
                poolerPerProjectWrites, olderBuild);
    }

    /** An upstream duration as it passes in this simulation. */
    public Duration scaled(Duration upstream) {
        return Duration.ofNanos((long) (upstream.toNanos() / timeFactor));
    }
}
