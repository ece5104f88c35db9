package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.LifecycleState;

/**
 * What one indexer does as (simulated) time passes: the coordinator's lifecycle loop (spec §4),
 * the block streamer's publishing and health rule (§2) and the runner's executor (§3).
 */
final class IndexerBehaviour {

    static final long HEALTH_INTERVAL_MS = 120_000;
    static final long UNHEALTHY_RESTART_MS = 600_000;
    static final long FAILURE_RETRY_MS = 10_000;
    static final long IDLE_BEFORE_WAITING_MS = 5_000;

    /** The moment being simulated. */
    record Now(long simMs, long wallMs, long chainHead, long deletedRetentionMs, boolean upstream) {
        long wallSecs() {
            return wallMs / 1000;
        }
    }

    private IndexerBehaviour() {
    }

    /** One pass of the coordinator's per-indexer loop. Returns true when the indexer's keys are due for removal. */
    static boolean lifecycleStep(SimIndexer ix, Now now) {
        if (ix.loopExited) {
            return false;
        }
        if (ix.corruptValue != null) {
            // lifecycle.rs handle_transitions: get_state fails to parse ("Failed to get state") and
            // the pass returns before any handler runs; it is tried again next second, forever
            return false;
        }
        if (now.upstream() && ix.restartWaitUntilSim >= 0) {
            // lifecycle.rs handle_running: tokio::time::sleep(RESTART_TIMEOUT_SECONDS) inside the loop
            if (now.simMs() >= ix.restartWaitUntilSim) {
                finishRestartWait(ix, now);
            }
            return false;
        }
        if (ix.registryDeleted && !Simulation.isDeleting(ix)) {
            // every handler but Deleting's starts with `if config.is_deleted() { return Deleting }`
            ix.moveTo(LifecycleState.DELETING, now.wallMs());
            return false;
        }
        if (now.upstream()) {
            switch (ix.lifecycle) {
                case RUNNING -> {
                    upstreamRunning(ix, now);
                    return false;
                }
                case DELETING -> {
                    upstreamDeleting(ix, now);
                    return false;
                }
                default -> {
                    // Initializing, Suspending, Suspended and Repairing behave as below (Repairing
                    // ignores enabled: handle_repairing only checks is_deleted)
                }
            }
        }
        switch (ix.lifecycle) {
            case INITIALIZING -> {
                if (ix.provisioningFailures > 0) {
                    ix.provisioningFailures--;
                    setError(ix, Texts.provisioningError(ix.id, ix.version), now, 0);
                    ix.moveTo(LifecycleState.REPAIRING, now.wallMs());
                } else {
                    ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Provisioned database schema " + Texts.schema(ix.id) + " and Hasura metadata");
                    ix.moveTo(LifecycleState.RUNNING, now.wallMs());
                    if (ix.enabled) {
                        startStream(ix, now, false);
                        startExecutor(ix, now);
                    }
                }
            }
            case RUNNING -> {
                if (!ix.enabled) {
                    suspend(ix, now);
                } else {
                    if (!ix.streamActive) {
                        startStream(ix, now, false);
                    }
                    if (!ix.executorActive) {
                        startExecutor(ix, now);
                    }
                    restartIfUnhealthy(ix, now);
                }
            }
            case SUSPENDING -> {
                ix.executorActive = false;
                ix.execution = ExecutionState.UNSPECIFIED;
                ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Suspended");
                ix.moveTo(LifecycleState.SUSPENDED, now.wallMs());
            }
            case SUSPENDED -> {
                if (ix.enabled) {
                    ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Resuming");
                    ix.moveTo(LifecycleState.RUNNING, now.wallMs());
                    startStream(ix, now, false);
                    startExecutor(ix, now);
                }
            }
            case DELETING -> {
                stopStream(ix, now);
                ix.executorActive = false;
                ix.execution = ExecutionState.UNSPECIFIED;
                ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Deprovisioned schema " + Texts.schema(ix.id) + "; indexer deleted");
                ix.moveTo(LifecycleState.DELETED, now.wallMs());
                ix.removeAtSim = now.simMs() + now.deletedRetentionMs();
            }
            case DELETED -> {
                return now.simMs() >= ix.removeAtSim;
            }
            default -> {
                // Repairing is a dead end until an operator repairs or deletes the indexer.
            }
        }
        return false;
    }

    static void suspend(SimIndexer ix, Now now) {
        ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Suspending: stopping block stream and executor");
        ix.moveTo(LifecycleState.SUSPENDING, now.wallMs());
        stopStream(ix, now);
        if (ix.executorActive) {
            setExecution(ix, ExecutionState.STOPPED);
        }
    }

    static void resume(SimIndexer ix, Now now) {
        ix.moveTo(LifecycleState.RUNNING, now.wallMs());
        startStream(ix, now, false);
        startExecutor(ix, now);
    }

    /**
     * Upstream's Running handler (near/queryapi coordinator/src/lifecycle.rs {@code handle_running}):
     * suspend when disabled; start a missing stream; an unhealthy stream (health missing, older than
     * 180 s or STALLED: handlers/block_streams.rs {@code is_healthy}) or a STALLED executor
     * (handlers/executors.rs) makes the loop sleep 600 s before restarting it. The stream's sync
     * marker is the registry version ({@code block_stream_synced_at = config.get_registry_version()}).
     */
    private static void upstreamRunning(SimIndexer ix, Now now) {
        if (!ix.enabled) {
            suspend(ix, now);
            return;
        }
        if (!ix.streamActive) {
            startStream(ix, now, false);
        } else if (streamUnhealthyUpstream(ix, now)) {
            beginRestartWait(ix, now, 1);
            return;
        }
        syncedToRegistryVersion(ix);
        if (!ix.executorActive) {
            startExecutor(ix, now);
        } else if (ix.execution == ExecutionState.STALLED) {
            beginRestartWait(ix, now, 2);
        }
    }

    static boolean streamUnhealthyUpstream(SimIndexer ix, Now now) {
        return ix.processing == ProcessingState.STALLED || ix.healthUpdatedAtSecs <= 0
                || now.wallSecs() - ix.healthUpdatedAtSecs > 180;
    }

    private static void beginRestartWait(SimIndexer ix, Now now, int phase) {
        if (ix.restartWaitUntilSim < 0) {
            // `state` was read at the top of handle_transitions, before the handler ran
            ix.stateReadBeforeWaitEnabled = ix.enabled;
        }
        ix.restartPhase = phase;
        ix.restartWaitUntilSim = now.simMs() + UNHEALTHY_RESTART_MS;
        ix.logs.text(now.wallMs(), LogLevel.WARN, ix.lastPublished, (phase == 1 ? "Block stream" : "Executor")
                + " unhealthy: waiting 600s before restarting it");
    }

    /**
     * After the sleep: restart what was unhealthy, check the executor (which may sleep another 600 s),
     * then write back the state read before the first sleep, so a Disable stored meanwhile is reverted
     * (lifecycle.rs handle_transitions: {@code set_state(&self.initial_config, state.clone())}).
     */
    private static void finishRestartWait(SimIndexer ix, Now now) {
        ix.restartWaitUntilSim = -1;
        if (ix.restartPhase == 1) {
            // block_streams.rs restart: stop, then resume from the continuation height; a stalled
            // data source stays stalled
            stopStream(ix, now);
            startStream(ix, now, false);
            syncedToRegistryVersion(ix);
            if (ix.executorActive && ix.execution == ExecutionState.STALLED) {
                beginRestartWait(ix, now, 2);
                return;
            }
        } else {
            // executors.rs restart: a new worker replaces the dead one
            ix.executorStalledFault = false;
            startExecutor(ix, now);
        }
        if (ix.enabled != ix.stateReadBeforeWaitEnabled) {
            ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Writing back state read before the restart: enabled="
                    + ix.stateReadBeforeWaitEnabled);
            ix.enabled = ix.stateReadBeforeWaitEnabled;
            ix.detailDirty = true;
        }
        ix.lifecycle = LifecycleState.RUNNING;
        ix.dirty = true;
    }

    private static void syncedToRegistryVersion(SimIndexer ix) {
        if (ix.blockStreamSyncedAt == null || ix.blockStreamSyncedAt != ix.version) {
            ix.blockStreamSyncedAt = ix.version;
            ix.dirty = true;
        }
    }

    /**
     * lifecycle.rs {@code handle_deleting}: stops the stream and executor, logs that deprovisioning
     * is prevented, returns Deleted; {@code handle_transitions} then returns before {@code set_state},
     * so Redis keeps "Deleting", the key and the set member forever, and the loop exits.
     */
    private static void upstreamDeleting(SimIndexer ix, Now now) {
        stopStream(ix, now);
        ix.executorActive = false;
        setExecution(ix, ExecutionState.UNSPECIFIED);
        ix.logs.text(now.wallMs(), LogLevel.ERROR, 0, "Temporarily preventing indexer deprovision due to service instability");
        ix.loopExited = true;
    }

    /** The coordinator restarts a stream whose health stayed STALLED (or stale) for 600 s. */
    private static void restartIfUnhealthy(SimIndexer ix, Now now) {
        // Health is never stale here (the simulated block streamer always reports), so STALLED is the trigger.
        boolean unhealthy = ix.streamActive && ix.processing == ProcessingState.STALLED;
        if (!unhealthy) {
            ix.unhealthySinceSim = -1;
        } else if (ix.unhealthySinceSim < 0) {
            ix.unhealthySinceSim = now.simMs();
        } else if (now.simMs() - ix.unhealthySinceSim >= UNHEALTHY_RESTART_MS) {
            ix.logs.text(now.wallMs(), LogLevel.WARN, ix.lastPublished, "Block stream unhealthy for 600s, restarting it");
            stopStream(ix, now);
            startStream(ix, now, false);
        }
    }

    static void startStream(SimIndexer ix, Now now, boolean alreadyRunning) {
        ix.streamActive = true;
        if (ix.lastPublished == 0) {
            ix.lastPublished = now.chainHead() - 1;
            ix.processed = ix.lastPublished;
        }
        // the registry version the stream was started for, not progress (coordinator/src/indexer_state.rs)
        ix.blockStreamSyncedAt = ix.version;
        ix.dirty = true;
        ix.checkedBlock = ix.lastPublished;
        ix.nextHealthCheckSim = now.simMs() + HEALTH_INTERVAL_MS;
        ix.unhealthySinceSim = -1;
        ix.healthUpdatedAtSecs = now.wallSecs();
        ix.streamDirty = true;
        setProcessing(ix, alreadyRunning ? ProcessingState.RUNNING : ProcessingState.IDLE);
        ix.logs.text(now.wallMs(), LogLevel.INFO, ix.lastPublished, "Starting block stream " + ix.streamId.substring(0, 12)
                + " from block " + (ix.lastPublished + 1));
    }

    static void stopStream(SimIndexer ix, Now now) {
        if (ix.streamActive) {
            ix.streamActive = false;
            ix.unhealthySinceSim = -1;
            setProcessing(ix, ProcessingState.UNSPECIFIED);
            ix.logs.text(now.wallMs(), LogLevel.INFO, ix.lastPublished, "Stopped block stream at block " + ix.lastPublished);
        }
    }

    static void startExecutor(SimIndexer ix, Now now) {
        ix.executorActive = true;
        ix.idleSinceSim = -1;
        ix.consumeAcc = 0;
        setExecution(ix, ExecutionState.IDLE);
        ix.logs.text(now.wallMs(), LogLevel.INFO, ix.processed, "Starting executor " + ix.executorId.substring(0, 12)
                + " (version " + ix.version + ")");
    }

    /** Block streamer: publish new heights (about one a second, faster when behind) unless stalled or the queue is full. */
    static void produce(SimIndexer ix, Now now, double dtSecs) {
        if (!ix.streamActive) {
            return;
        }
        if (!ix.stallStreamFault) {
            long behind = now.chainHead() - ix.lastPublished;
            ix.produceAcc = Math.min(ix.produceAcc + dtSecs * (behind > 5 ? 10 : 1), 20);
            long n = Math.min(Math.min((long) ix.produceAcc, behind), SimIndexer.QUEUE_LIMIT - ix.queueDepth());
            if (n > 0) {
                ix.lastPublished += n;
                ix.produceAcc -= n;
            }
        }
        if (now.simMs() >= ix.nextHealthCheckSim) {
            checkHealth(ix, now);
        }
    }

    /** Upstream's health rule, run every 120 s per stream. */
    static void checkHealth(SimIndexer ix, Now now) {
        if (ix.healthFrozenFault) {
            ix.nextHealthCheckSim = Math.max(ix.nextHealthCheckSim + HEALTH_INTERVAL_MS, now.simMs() + 1);
            return;
        }
        ProcessingState next;
        if (ix.lastPublished == ix.checkedBlock) {
            next = ix.queueDepth() >= SimIndexer.QUEUE_LIMIT ? ProcessingState.WAITING : ProcessingState.STALLED;
        } else if (ix.lastPublished < ix.checkedBlock) {
            next = ProcessingState.STALLED;
        } else {
            next = ProcessingState.RUNNING;
        }
        ix.checkedBlock = ix.lastPublished;
        ix.healthUpdatedAtSecs = now.wallSecs();
        ix.nextHealthCheckSim = Math.max(ix.nextHealthCheckSim + HEALTH_INTERVAL_MS, now.simMs() + 1);
        if (next == ProcessingState.STALLED && ix.processing != ProcessingState.STALLED) {
            ix.logs.text(now.wallMs(), LogLevel.WARN, ix.lastPublished, "Block stream stalled at block " + ix.lastPublished);
        }
        setProcessing(ix, next);
    }

    /** Runner: process queued blocks, or keep failing on one, or do nothing when the worker died. */
    static void execute(SimIndexer ix, Now now, double dtSecs) {
        if (!ix.executorActive || ix.execution == ExecutionState.STOPPED) {
            return;
        }
        if (ix.executorStalledFault) {
            if (ix.execution != ExecutionState.STALLED) {
                ix.logs.text(now.wallMs(), LogLevel.ERROR, ix.processed + 1, "Worker thread exited unexpectedly (code 1)");
                setExecution(ix, ExecutionState.STALLED);
            }
            return;
        }
        if (ix.executorFailingFault) {
            setExecution(ix, ExecutionState.FAILING);
            if (now.simMs() >= ix.nextFailureLogSim) {
                setError(ix, Texts.executionError(ix.processed + 1, ix.processed / 7 + ix.id.hashCode()), now, ix.processed + 1);
                ix.logs.text(now.wallMs(), LogLevel.WARN, ix.processed + 1, "Retrying block " + (ix.processed + 1) + " in 10s");
                ix.nextFailureLogSim = now.simMs() + FAILURE_RETRY_MS;
            }
            return;
        }
        ix.consumeAcc = Math.min(ix.consumeAcc + dtSecs * ix.consumeRate, 3);
        long n = Math.min((long) ix.consumeAcc, ix.queueDepth());
        if (n > 0) {
            for (long h = ix.processed + Math.max(1, n - 3); h <= ix.processed + n; h++) {
                logBlock(ix, now.wallMs(), h);
            }
            ix.processed += n;
            ix.consumeAcc -= n;
            ix.idleSinceSim = -1;
            setExecution(ix, ExecutionState.RUNNING);
            if (!ix.lastError.isEmpty()) {
                ix.lastError = "";
                ix.detailDirty = true;
            }
        } else if (ix.queueDepth() == 0) {
            if (ix.idleSinceSim < 0) {
                ix.idleSinceSim = now.simMs();
            } else if (now.simMs() - ix.idleSinceSim >= IDLE_BEFORE_WAITING_MS) {
                setExecution(ix, ExecutionState.WAITING);
            }
        }
    }

    private static void logBlock(SimIndexer ix, long wallMs, long h) {
        if (h % 10 == 0) {
            ix.logs.add(wallMs, LogLevel.INFO, LogRing.PROCESSED_BATCH, h, null);
        } else if (h % 3 == 0) {
            ix.logs.add(wallMs, LogLevel.TRACE, LogRing.FETCHED, h, null);
        } else {
            ix.logs.add(wallMs, LogLevel.DEBUG, LogRing.PROCESSING, h, null);
        }
    }

    static void setError(SimIndexer ix, String error, Now now, long block) {
        ix.lastError = error;
        ix.detailDirty = true;
        ix.logs.text(now.wallMs(), LogLevel.ERROR, block, error);
    }

    static void setProcessing(SimIndexer ix, ProcessingState s) {
        if (ix.processing != s) {
            ix.processing = s;
            ix.detailDirty = true;
        }
    }

    static void setExecution(SimIndexer ix, ExecutionState s) {
        if (ix.execution != s) {
            ix.execution = s;
            ix.detailDirty = true;
        }
    }
}
