package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import io.lettuce.core.RedisFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The simulated coordinator, block streamer and runner of every indexer. One thread owns all
 * state: it advances simulated time in small ticks (streams publish, executors process, health is
 * recomputed), runs the coordinator's lifecycle loop once per simulated second, and writes every
 * change to Redis at the end of the tick. gRPC calls and fault injection run as tasks on the same
 * thread, between ticks.
 */
final class Simulation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    /** Roughly NEAR mainnet's height in late 2024. */
    static final long GENESIS_HEIGHT = 130_000_000L;
    /** Newest heights written per publication; older unpublished ones are skipped under load (last_published_block stays exact). */
    private static final int MAX_ENTRIES_PER_PUBLICATION = 10;

    private final SimConfig config;
    private final RedisWriter redis;
    private final Random random;
    private final TreeMap<IndexerId, SimIndexer> registry = new TreeMap<>();
    /** Every indexer in registration order (removed ones stay, flagged), for chaos and churn. */
    private final List<SimIndexer> fleet = new ArrayList<>();
    private final EventHistory history;
    private final StateChangeLog changes;
    private final ChurnDriver churn;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wk-sim-loop");
        t.setDaemon(true);
        return t;
    });

    private final long startNanos = System.nanoTime();
    private long lastTickNanos = startNanos;
    private long lastSimMs;
    private long nextLoopSim;
    private double publishBudget;
    private int publishCursor;
    private boolean resyncNeeded;
    private boolean redisDownLogged;
    private long nextRedisCheckNanos;
    private Chaos chaos;
    private final List<String> chaosLog = new ArrayList<>();
    private volatile boolean coordinatorAlive = true;
    private volatile int registeredCount;
    /** How long Deleted stays in Redis before the keys go: 30 upstream seconds, but at least 2 real seconds so a console sees it. */
    private final long deletedRetentionSimMs;

    Simulation(SimConfig config, RedisWriter redis) {
        this.config = config;
        this.redis = redis;
        this.random = new Random(config.seed());
        this.history = new EventHistory(config.watchHistory());
        // the test-facing change log (the harness's record of what was written, not an upstream behaviour)
        // is bounded with the Watch history: ten changes per event kept, at most 2^20
        this.changes = new StateChangeLog((int) Math.min(1 << 20, config.watchHistory() * 10L));
        this.deletedRetentionSimMs = (long) Math.max(30_000, 2_000 * config.timeFactor());
        this.churn = new ChurnDriver(config.seed() ^ 0x5DEECE66DL, config.churnPerSecond());
    }

    /** Registers the fleet, writes it to Redis, and starts the loop. */
    void start() {
        call(() -> {
            IndexerBehaviour.Now now = now();
            for (IndexerId id : IndexerNames.generate(config.indexers(), config.seed())) {
                boolean suspended = random.nextDouble() < config.initialSuspendedShare();
                double rate = random.nextInt(20) == 0 ? 0.85 : 1.0;
                SimIndexer ix = new SimIndexer(id, suspended ? LifecycleState.SUSPENDED : LifecycleState.RUNNING, !suspended,
                        now.wallMs() - random.nextInt(86_400_000), rate, config.logLinesPerIndexer());
                ix.version = GENESIS_HEIGHT - 1_000_000 - random.nextInt(20_000_000);
                ix.lastPublished = now.chainHead() - 1 - random.nextInt(3);
                ix.processed = ix.lastPublished - random.nextInt(2);
                ix.blockStreamSyncedAt = ix.version;
                ix.publishedToRedis = ix.lastPublished - 2;
                if (!suspended) {
                    Long synced = ix.blockStreamSyncedAt;
                    IndexerBehaviour.startStream(ix, now, true);
                    IndexerBehaviour.startExecutor(ix, now);
                    ix.blockStreamSyncedAt = synced;
                    ix.execution = ExecutionState.RUNNING;
                    // health checks of different streams are spread over the 120 s period, as upstream's are
                    ix.nextHealthCheckSim = random.nextInt((int) IndexerBehaviour.HEALTH_INTERVAL_MS);
                    // a stream that was already running published blocks since its last check: the first
                    // check compares against an older height, as upstream's would (block-streamer health task)
                    ix.checkedBlock = ix.lastPublished - 1;
                }
                if (config.upstream() && random.nextInt(40) == 0) {
                    // a deployment's Redis keeps every indexer ever deleted as "Deleting" (lifecycle.rs handle_deleting)
                    ix.registryDeleted = true;
                    ix.loopExited = true;
                    ix.lifecycle = LifecycleState.DELETING;
                    ix.churnable = false;
                    IndexerBehaviour.stopStream(ix, now);
                    ix.executorActive = false;
                    ix.execution = ExecutionState.UNSPECIFIED;
                }
                registry.put(id, ix);
                fleet.add(ix);
            }
            flush(now);
            return null;
        });
        long period = Math.clamp(config.scaled(Duration.ofSeconds(1)).toMillis() / 2, 10, 100);
        thread.scheduleWithFixedDelay(this::tickSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private IndexerBehaviour.Now now() {
        long simMs = (long) ((System.nanoTime() - startNanos) / 1e6 * config.timeFactor());
        return new IndexerBehaviour.Now(simMs, System.currentTimeMillis(), GENESIS_HEIGHT + simMs / 1000, deletedRetentionSimMs,
                config.upstream());
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            resyncNeeded = true;
            if (!redisDownLogged && !thread.isShutdown()) {
                LOG.warn("simulation step failed (Redis down?): {}", e.toString());
                redisDownLogged = true;
            }
        }
    }

    private void tick() {
        long nanos = System.nanoTime();
        double realDt = (nanos - lastTickNanos) / 1e9;
        lastTickNanos = nanos;
        IndexerBehaviour.Now now = now();
        double dtSecs = (now.simMs() - lastSimMs) / 1000.0;
        lastSimMs = now.simMs();
        for (SimIndexer ix : fleet) {
            if (!ix.removed) {
                IndexerBehaviour.produce(ix, now, dtSecs);
                IndexerBehaviour.execute(ix, now, dtSecs);
            }
        }
        if (coordinatorAlive) {
            if (now.simMs() >= nextLoopSim) {
                nextLoopSim = now.simMs() + 1000;
                lifecycleLoop(now);
            }
            churn.step(fleet, changes.total(), now);
        }
        if (chaos != null) {
            for (Chaos.Action a : chaos.due(realDt)) {
                applyChaos(a, now);
            }
        }
        if (nanos >= nextRedisCheckNanos) {
            nextRedisCheckNanos = nanos + 2_000_000_000L;
            checkRedis();
        }
        flush(now);
        publishStreams(realDt);
    }

    private void lifecycleLoop(IndexerBehaviour.Now now) {
        List<SimIndexer> gone = null;
        for (SimIndexer ix : fleet) {
            boolean removable = !ix.removed && IndexerBehaviour.lifecycleStep(ix, now);
            if (config.upstream() && !ix.removed && !ix.loopExited && ix.corruptValue == null && ix.restartWaitUntilSim < 0) {
                // lifecycle.rs handle_transitions ends every pass with set_state, changed or not:
                // one SET (and one keyspace event) per indexer per second
                ix.rewriteDue = true;
            }
            if (removable) {
                if (gone == null) {
                    gone = new ArrayList<>();
                }
                gone.add(ix);
            }
        }
        if (gone != null) {
            for (SimIndexer ix : gone) {
                redis.remove(ix);
                ix.removed = true;
                registry.remove(ix.id);
                history.append(Details.detail(ix), true, now.wallMs());
            }
        }
    }

    /** Redis lost our keys (restarted or flushed): write everything again. */
    private void checkRedis() {
        long count = redis.registeredCount();
        if (count < 0) {
            resyncNeeded = true;
            return;
        }
        if (resyncNeeded || count < registry.size()) {
            LOG.info("Redis holds {} of {} indexer states: rewriting every key", count, registry.size());
            for (SimIndexer ix : registry.values()) {
                ix.dirty = true;
                ix.streamDirty = true;
                ix.publishedToRedis = Math.min(ix.publishedToRedis, ix.lastPublished - 2);
            }
            resyncNeeded = false;
            redisDownLogged = false;
        }
    }

    /** Forces a full rewrite at the next tick (after Redis was restarted). */
    void resyncRedis() {
        run(() -> {
            resyncNeeded = true;
            nextRedisCheckNanos = 0;
        });
    }

    /** Writes every changed state JSON (recording each write) and emits Watch events. */
    private void flush(IndexerBehaviour.Now now) {
        List<SimIndexer> dirty = new ArrayList<>();
        for (SimIndexer ix : fleet) {
            if (ix.removed) {
                continue;
            }
            if (ix.dirty) {
                dirty.add(ix);
                ix.dirty = false;
                ix.rewriteDue = false;
            }
            if (ix.detailDirty) {
                ix.detailDirty = false;
                history.append(Details.detail(ix), false, now.wallMs());
            }
        }
        registeredCount = registry.size();
        if (config.upstream()) {
            List<SimIndexer> unchanged = new ArrayList<>();
            for (SimIndexer ix : fleet) {
                if (ix.rewriteDue) {
                    ix.rewriteDue = false;
                    if (!ix.removed) {
                        unchanged.add(ix);
                    }
                }
            }
            redis.writeStates(unchanged);
        }
        if (dirty.isEmpty()) {
            return;
        }
        long millis = System.currentTimeMillis();
        long nanos = System.nanoTime();
        List<StateChange> recorded = new ArrayList<>(dirty.size());
        for (SimIndexer ix : dirty) {
            recorded.add(changes.record(ix.id, ix.lifecycle.wire(), ix.enabled, millis, nanos));
        }
        try {
            redis.writeStates(dirty);
        } catch (RuntimeException e) {
            // the changes stay in memory; everything is written again once Redis answers
            resyncNeeded = true;
            throw e;
        }
        if (changes.hasListeners()) {
            recorded.forEach(changes::fire);
        }
    }

    /** Block streams to Redis, round robin, within the budget of Redis commands per second. */
    private void publishStreams(double realDt) {
        int perSecond = config.publishBudgetPerSecond();
        // at most a fifth of a second's budget per tick keeps every tick (and every gRPC call waiting on it) short
        publishBudget = Math.min(publishBudget + realDt * perSecond, Math.max(50, perSecond / 5.0));
        List<RedisFuture<?>> futures = new ArrayList<>();
        int n = fleet.size();
        for (int i = 0; i < n && publishBudget >= 1; i++) {
            publishCursor = (publishCursor + 1) % n;
            SimIndexer ix = fleet.get(publishCursor);
            if (!ix.removed && ix.lifecycle != LifecycleState.DELETED
                    && (ix.lastPublished > ix.publishedToRedis || ix.streamDirty) && ix.lastPublished > 0) {
                ix.streamDirty = false;
                int before = futures.size();
                redis.publishStream(ix, MAX_ENTRIES_PER_PUBLICATION, futures);
                publishBudget -= futures.size() - before;
            }
        }
        RedisWriter.await(futures);
    }

    private void applyChaos(Chaos.Action a, IndexerBehaviour.Now now) {
        SimIndexer ix = fleet.get(a.indexer());
        if (chaosLog.size() < 10_000) {
            chaosLog.add(a.n() + " " + a.kind() + " " + ix.id.fullName());
        }
        if (ix.removed) {
            return;
        }
        switch (a.kind()) {
            case STALL_STREAM -> stall(ix);
            case EXECUTOR_FAILING -> ix.executorFailingFault = true;
            case EXECUTOR_STALLED -> ix.executorStalledFault = true;
            case FAIL_PROVISIONING -> failProvisioning(ix, now);
            case CLEAR -> clear(ix);
        }
    }

    // ---- commands (from gRPC and the fault API), each run on the simulation thread ----

    /** Sets the enabled flag as upstream's Enable/Disable do; false when the indexer is unknown. */
    boolean setEnabled(IndexerId id, boolean enabled) {
        return call(() -> {
            SimIndexer ix = registry.get(id);
            if (ix == null || isDeleting(ix)) {
                return false;
            }
            if (ix.enabled != enabled) {
                ix.enabled = enabled;
                ix.dirty = true;
                ix.detailDirty = true;
                flush(now());
            }
            return true;
        });
    }

    record OpResult(boolean accepted, String message, String lifecycleState) {
    }

    /** Repairing → Initializing; null when the indexer is unknown. */
    OpResult repair(IndexerId id) {
        return command(id, (ix, now) -> {
            if (ix.lifecycle != LifecycleState.REPAIRING) {
                return new OpResult(false, "Indexer is " + ix.lifecycle.wire() + ", not Repairing", ix.lifecycle.wire());
            }
            ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Repair requested: retrying provisioning");
            ix.lastError = "";
            ix.moveTo(LifecycleState.INITIALIZING, now.wallMs());
            return new OpResult(true, "Provisioning is being retried", ix.lifecycle.wire());
        });
    }

    /** Any state → Deleting (the loop then stops everything and moves on to Deleted). */
    OpResult delete(IndexerId id, String reason) {
        return command(id, (ix, now) -> {
            if (isDeleting(ix)) {
                return new OpResult(false, "Indexer is already " + ix.lifecycle.wire(), ix.lifecycle.wire());
            }
            ix.logs.text(now.wallMs(), LogLevel.WARN, 0, "Delete requested" + (reason.isBlank() ? "" : ": " + reason));
            ix.churnable = false;
            ix.moveTo(LifecycleState.DELETING, now.wallMs());
            IndexerBehaviour.stopStream(ix, now);
            if (ix.executorActive) {
                IndexerBehaviour.setExecution(ix, ExecutionState.STOPPED);
            }
            return new OpResult(true, "Deleting", ix.lifecycle.wire());
        });
    }

    /** Stops and starts the block stream and executor of a Running indexer now (clears stalls, not failures). */
    OpResult restart(IndexerId id) {
        return command(id, (ix, now) -> {
            if (ix.lifecycle != LifecycleState.RUNNING || !ix.enabled) {
                return new OpResult(false, "Only a Running indexer can be restarted; it is " + ix.lifecycle.wire(), ix.lifecycle.wire());
            }
            ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "Restart requested: restarting block stream and executor");
            ix.stallStreamFault = false;
            ix.executorStalledFault = false;
            IndexerBehaviour.stopStream(ix, now);
            IndexerBehaviour.startStream(ix, now, false);
            IndexerBehaviour.startExecutor(ix, now);
            return new OpResult(true, "Block stream and executor restarted", ix.lifecycle.wire());
        });
    }

    private OpResult command(IndexerId id, java.util.function.BiFunction<SimIndexer, IndexerBehaviour.Now, OpResult> op) {
        return call(() -> {
            SimIndexer ix = registry.get(id);
            if (ix == null) {
                return null;
            }
            IndexerBehaviour.Now now = now();
            OpResult r = op.apply(ix, now);
            flush(now);
            return r;
        });
    }

    static boolean isDeleting(SimIndexer ix) {
        return ix.lifecycle == LifecycleState.DELETING || ix.lifecycle == LifecycleState.DELETED;
    }

    // ---- faults ----

    boolean fault(IndexerId id, FaultKind kind) {
        return call(() -> {
            SimIndexer ix = registry.get(id);
            if (ix == null) {
                return false;
            }
            IndexerBehaviour.Now now = now();
            switch (kind) {
                case STALL_STREAM -> stall(ix);
                case EXECUTOR_FAILING -> {
                    ix.executorFailingFault = true;
                    ix.nextFailureLogSim = 0;
                }
                case EXECUTOR_STALLED -> ix.executorStalledFault = true;
                case FAIL_PROVISIONING -> failProvisioning(ix, now);
                case FREEZE_HEALTH -> ix.healthFrozenFault = true;
                case DELETE_IN_REGISTRY -> ix.registryDeleted = true;
            }
            ix.churnable = false;
            flush(now);
            return true;
        });
    }

    enum FaultKind { STALL_STREAM, EXECUTOR_FAILING, EXECUTOR_STALLED, FAIL_PROVISIONING, FREEZE_HEALTH, DELETE_IN_REGISTRY }

    /** Stores {@code raw} under the indexer's state key; the coordinator cannot parse it and skips the indexer until cleared. */
    boolean corruptState(IndexerId id, String raw) {
        return call(() -> {
            SimIndexer ix = registry.get(id);
            if (ix == null) {
                return false;
            }
            ix.corruptValue = raw;
            ix.churnable = false;
            ix.dirty = true;
            flush(now());
            return true;
        });
    }

    /**
     * Adds {@code ghost} to indexer_states without a state key, as a cleanup that deleted the key but
     * not the member leaves it. Only an indexer the coordinator no longer manages can stay so: for a
     * registered one, get_state returns a default state and set_state writes it
     * (coordinator/src/indexer_state.rs).
     */
    void danglingMember(IndexerId ghost) {
        run(() -> {
            if (registry.containsKey(ghost)) {
                throw new IllegalArgumentException(ghost + " is registered: its lifecycle loop would write a default state");
            }
            redis.addDanglingMember(ghost.stateKey());
        });
    }

    private static void stall(SimIndexer ix) {
        ix.stallStreamFault = true;
        // the next health check compares against the height at the stall, so it reports STALLED
        ix.checkedBlock = ix.lastPublished;
    }

    /** Simulates a redeploy whose provisioning fails: Initializing now, Repairing at the next loop. */
    private static void failProvisioning(SimIndexer ix, IndexerBehaviour.Now now) {
        ix.provisioningFailures = 1;
        if (ix.lifecycle == LifecycleState.REPAIRING || isDeleting(ix)) {
            return;
        }
        ix.version = now.chainHead();
        ix.logs.text(now.wallMs(), LogLevel.INFO, 0, "New version " + ix.version + " registered: provisioning");
        IndexerBehaviour.stopStream(ix, now);
        ix.executorActive = false;
        ix.execution = ExecutionState.UNSPECIFIED;
        ix.detailDirty = true;
        ix.moveTo(LifecycleState.INITIALIZING, now.wallMs());
    }

    private static void clear(SimIndexer ix) {
        if (ix.corruptValue != null) {
            ix.corruptValue = null;
            ix.dirty = true;
        }
        ix.healthFrozenFault = false;
        ix.stallStreamFault = false;
        ix.executorFailingFault = false;
        ix.executorStalledFault = false;
        ix.provisioningFailures = 0;
        ix.churnable = !isDeleting(ix) && !ix.registryDeleted;
        if (ix.executorActive && ix.execution == ExecutionState.STALLED) {
            // a dead worker does not come back by itself; the runner starts a new one once the cause is gone
            ix.execution = ExecutionState.IDLE;
            ix.detailDirty = true;
        }
    }

    boolean clear(IndexerId id) {
        return call(() -> {
            SimIndexer ix = registry.get(id);
            if (ix != null) {
                clear(ix);
            }
            return ix != null;
        });
    }

    void clearAll() {
        run(() -> {
            chaos = null;
            registry.values().forEach(Simulation::clear);
        });
    }

    void chaos(long seed, double perSecond) {
        run(() -> {
            chaos = perSecond > 0 ? new Chaos(seed, fleet.size(), perSecond) : null;
            if (chaos != null) {
                chaosLog.clear();
            }
        });
    }

    void churn(double perSecond) {
        run(() -> churn.setRate(perSecond));
    }

    double churnRate() {
        return churn.rate();
    }

    void coordinatorAlive(boolean alive) {
        coordinatorAlive = alive;
    }

    boolean coordinatorAlive() {
        return coordinatorAlive;
    }

    // ---- reads ----

    /** Reads something about one indexer on the simulation thread; null when unknown. */
    <T> T read(IndexerId id, Function<SimIndexer, T> reader) {
        return call(() -> {
            SimIndexer ix = registry.get(id);
            return ix == null ? null : reader.apply(ix);
        });
    }

    /** Reads over every registered indexer (name order) on the simulation thread. */
    <T> T readAll(Function<java.util.Collection<SimIndexer>, T> reader) {
        return call(() -> reader.apply(registry.values()));
    }

    /** One page of the registry after {@code after} (exclusive; null = from the start). */
    List<IndexerDetail> page(IndexerId after, int size) {
        return call(() -> {
            var view = after == null ? registry.values() : registry.tailMap(after, false).values();
            List<IndexerDetail> out = new ArrayList<>(Math.min(size, registry.size()));
            for (SimIndexer ix : view) {
                if (out.size() == size) {
                    break;
                }
                out.add(Details.detail(ix));
            }
            return out;
        });
    }

    record Snapshot(long sequence, List<IndexerDetail> indexers) {
    }

    /** Every indexer plus the sequence number of the last event it reflects. */
    Snapshot snapshot() {
        return call(() -> new Snapshot(history.lastSequence(), registry.values().stream().map(Details::detail).toList()));
    }

    LogRing logs(IndexerId id) {
        return read(id, ix -> ix.logs);
    }

    EventHistory history() {
        return history;
    }

    StateChangeLog changes() {
        return changes;
    }

    List<IndexerId> ids() {
        return call(() -> List.copyOf(registry.keySet()));
    }

    /** Registered indexers in registration order. */
    List<IndexerId> registeredInFleetOrder() {
        return call(() -> fleet.stream().filter(ix -> !ix.removed).map(ix -> ix.id).toList());
    }

    /** Registered indexers in a lifecycle state, in registration order. */
    List<IndexerId> inState(LifecycleState state) {
        return call(() -> fleet.stream().filter(ix -> !ix.removed && ix.lifecycle == state).map(ix -> ix.id).toList());
    }

    /** Chaos faults applied so far, oldest first ("n KIND account/function"). */
    List<String> chaosLog() {
        return call(() -> List.copyOf(chaosLog));
    }

    /** Indexers in registration order (stable for a seed): the order chaos and scenarios index into. */
    List<IndexerId> fleetOrder() {
        return call(() -> fleet.stream().map(ix -> ix.id).toList());
    }

    LifecycleState lifecycle(IndexerId id) {
        return read(id, ix -> ix.lifecycle);
    }

    ProcessingState streamState(IndexerId id) {
        return read(id, ix -> ix.streamActive ? ix.processing : null);
    }

    ExecutionState executorState(IndexerId id) {
        return read(id, ix -> ix.executorActive ? ix.execution : null);
    }

    /** Registered indexers (read without waiting for the simulation thread). */
    int registeredCount() {
        return registeredCount;
    }

    SimConfig config() {
        return config;
    }

    /** Runs {@code task} on the simulation thread and waits for it. */
    <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulation thread busy", e);
        }
    }

    private void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
