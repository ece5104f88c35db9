package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;

/** One simulated indexer: registry entry, lifecycle, block stream, executor and faults. Mutated only on the simulation thread. */
final class SimIndexer {

    /** Upstream's block streamer stops publishing when this many entries wait in the stream. */
    static final int QUEUE_LIMIT = 100;

    final IndexerId id;
    final String executorId;
    final String streamId;
    final LogRing logs;
    /** Blocks per upstream second the executor processes (1.0 keeps up with the chain). */
    final double consumeRate;

    // registry + lifecycle (coordinator)
    LifecycleState lifecycle;
    boolean enabled;
    Long blockStreamSyncedAt;
    long stateSinceMillis;
    long version;
    /** Simulated ms at which a Deleted indexer's keys are removed. */
    long removeAtSim = -1;
    boolean removed;

    // block stream (block streamer)
    boolean streamActive;
    ProcessingState processing = ProcessingState.UNSPECIFIED;
    long healthUpdatedAtSecs;
    long lastPublished;
    long checkedBlock;
    long nextHealthCheckSim;
    long unhealthySinceSim = -1;
    double produceAcc;
    /** Highest height already written to Redis. */
    long publishedToRedis;
    /** The stream's Redis entries must be trimmed/extended at the next publication. */
    boolean streamDirty;

    // executor (runner)
    boolean executorActive;
    ExecutionState execution = ExecutionState.UNSPECIFIED;
    long processed;
    double consumeAcc;
    long idleSinceSim = -1;
    long nextFailureLogSim;

    // upstream-exact mode (near/queryapi coordinator/src/lifecycle.rs)
    /** Deleted in the registry (on chain): the next loop moves it to Deleting. */
    boolean registryDeleted;
    /** Upstream's lifecycle manager for this indexer returned after Deleting (handle_transitions returns true). */
    boolean loopExited;
    /** Simulated ms until which the Running handler sleeps before restarting an unhealthy stream/executor; -1 when not. */
    long restartWaitUntilSim = -1;
    /** Upstream's loop pass ended with set_state: the same value is written again. */
    boolean rewriteDue;
    /** What the wait is for: 1 the block stream, 2 the executor. */
    int restartPhase;
    /** The enabled flag as read at the start of the loop pass that began the wait: written back afterwards. */
    boolean stateReadBeforeWaitEnabled;

    // faults
    /** A value the coordinator cannot parse stored under the state key (get_state fails, the loop skips the indexer). */
    String corruptValue;
    /** The block streamer stops refreshing this stream's health (it goes stale after 180 s). */
    boolean healthFrozenFault;
    boolean stallStreamFault;
    boolean executorFailingFault;
    boolean executorStalledFault;
    int provisioningFailures;

    String lastError = "";
    /** The Redis state JSON changed since it was last written. */
    boolean dirty = true;
    /** Something a Watch client sees changed since the last event. */
    boolean detailDirty;
    /** Churn may flip this indexer (it is not under a fault or operator command). */
    boolean churnable = true;

    SimIndexer(IndexerId id, LifecycleState lifecycle, boolean enabled, long now, double consumeRate, int logLines) {
        this.id = id;
        this.lifecycle = lifecycle;
        this.enabled = enabled;
        this.stateSinceMillis = now;
        this.consumeRate = consumeRate;
        this.executorId = Hashes.sha256Hex(id.accountId() + "/" + id.functionName());
        this.streamId = Hashes.sha256Hex(id.accountId() + id.functionName());
        this.logs = new LogRing(logLines);
    }

    void moveTo(LifecycleState next, long now) {
        if (next != lifecycle) {
            lifecycle = next;
            stateSinceMillis = now;
            dirty = true;
            detailDirty = true;
        }
    }

    int queueDepth() {
        return (int) Math.max(0, lastPublished - processed);
    }

    boolean hasFault() {
        return stallStreamFault || executorFailingFault || executorStalledFault || provisioningFailures > 0;
    }
}
