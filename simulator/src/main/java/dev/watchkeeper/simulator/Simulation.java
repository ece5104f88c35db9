package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The simulated coordinator's indexer lifecycle loop (control-plane spec §4). Upstream runs one
 * loop per indexer about once a second; here one thread steps every indexer once per (scaled)
 * second, and every state change is written to Redis at the end of the step.
 */
final class Simulation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    private final SimConfig config;
    private final RedisWriter redis;
    private final Random random;
    private final Map<IndexerId, SimIndexer> indexers = new LinkedHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wk-sim-loop");
        t.setDaemon(true);
        return t;
    });

    Simulation(SimConfig config, RedisWriter redis) {
        this.config = config;
        this.redis = redis;
        this.random = new Random(config.seed());
    }

    /** Registers the fleet, writes it to Redis, and starts the loop. */
    void start() {
        call(() -> {
            long now = System.currentTimeMillis();
            for (IndexerId id : IndexerNames.generate(config.indexers(), config.seed())) {
                boolean suspended = random.nextDouble() < config.initialSuspendedShare();
                SimIndexer ix = new SimIndexer(id, suspended ? LifecycleState.SUSPENDED : LifecycleState.RUNNING, !suspended, now);
                ix.blockStreamSyncedAt = 100_000_000L + random.nextInt(50_000_000);
                indexers.put(id, ix);
            }
            flush();
            return null;
        });
        long period = Math.max(1, config.scaled(Duration.ofSeconds(1)).toMillis());
        thread.scheduleAtFixedRate(this::stepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void stepSafely() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.warn("simulation step failed: {}", e.toString());
        }
    }

    /** One pass of every indexer's lifecycle loop. */
    void step() {
        long now = System.currentTimeMillis();
        for (SimIndexer ix : indexers.values()) {
            switch (ix.lifecycle) {
                case INITIALIZING -> {
                    if (ix.failProvisioning) {
                        ix.failProvisioning = false;
                        ix.moveTo(LifecycleState.REPAIRING, now);
                    } else {
                        ix.moveTo(LifecycleState.RUNNING, now);
                    }
                }
                case RUNNING -> {
                    if (!ix.enabled) {
                        ix.moveTo(LifecycleState.SUSPENDING, now);
                    }
                }
                case SUSPENDING -> ix.moveTo(LifecycleState.SUSPENDED, now);
                case SUSPENDED -> {
                    if (ix.enabled) {
                        ix.moveTo(LifecycleState.RUNNING, now);
                    }
                }
                default -> {
                    // Repairing waits for an operator; Deleting/Deleted are handled by delete.
                }
            }
        }
        flush();
    }

    private void flush() {
        List<SimIndexer> dirty = new ArrayList<>();
        for (SimIndexer ix : indexers.values()) {
            if (ix.dirty) {
                dirty.add(ix);
                ix.dirty = false;
            }
        }
        redis.writeStates(dirty);
    }

    /** Sets the enabled flag as upstream's Enable/Disable do; false when the indexer is unknown. */
    boolean setEnabled(IndexerId id, boolean enabled) {
        return call(() -> {
            SimIndexer ix = indexers.get(id);
            if (ix == null || ix.lifecycle == LifecycleState.DELETED) {
                return false;
            }
            if (ix.enabled != enabled) {
                ix.enabled = enabled;
                ix.dirty = true;
                flush();
            }
            return true;
        });
    }

    /** The registry as the coordinator's List answers it: every non-deleted indexer. */
    List<SimIndexer> registered() {
        return call(() -> indexers.values().stream().filter(ix -> ix.lifecycle != LifecycleState.DELETED).toList());
    }

    Collection<IndexerId> ids() {
        return call(() -> List.copyOf(indexers.keySet()));
    }

    /** Runs {@code task} on the simulation thread and waits for it. */
    <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulation thread busy", e);
        }
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
