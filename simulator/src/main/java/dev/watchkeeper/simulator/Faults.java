package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;

import java.time.Duration;
import java.util.List;

/**
 * Breaks the simulated control plane on command (for tests, the demo and rehearsals). Per-indexer
 * faults take effect at once; what a console sees follows within one health period (120 s
 * upstream, 1.2 s at time factor 100):
 * <ul>
 *   <li>{@link #stallStream}: the block stream stops publishing; its health turns STALLED at the next check.
 *   The coordinator's automatic restart after 600 s does not cure it; an operator Restart or {@link #clear} does.</li>
 *   <li>{@link #executorFailing}: the executor keeps failing on one block (FAILING, an ERROR log line every 10 s);
 *   the queue fills, so the stream turns WAITING. Restart does not cure it (the code is broken); {@link #clear} does.</li>
 *   <li>{@link #executorStalled}: the worker died (STALLED); Restart or {@link #clear} cures it.</li>
 *   <li>{@link #failProvisioning}: a redeploy whose provisioning fails: Initializing now, Repairing at the next
 *   loop (about a simulated second). Fails once: a Repair then succeeds. On a Repairing indexer it makes the next Repair fail.</li>
 * </ul>
 */
public final class Faults {

    /** What {@code corrupt-state} stores: a state value cut off mid-write, which upstream's serde cannot parse. */
    public static final String MALFORMED_STATE = "{\"account_id\":\"x\",\"function_name\":\"y\",\"block_stream_synced_at\":1,\"enabled\":tru";

    private final ControlPlane plane;

    Faults(ControlPlane plane) {
        this.plane = plane;
    }

    public void stallStream(IndexerId id) {
        inject(id, Simulation.FaultKind.STALL_STREAM);
    }

    public void executorFailing(IndexerId id) {
        inject(id, Simulation.FaultKind.EXECUTOR_FAILING);
    }

    public void executorStalled(IndexerId id) {
        inject(id, Simulation.FaultKind.EXECUTOR_STALLED);
    }

    public void failProvisioning(IndexerId id) {
        inject(id, Simulation.FaultKind.FAIL_PROVISIONING);
    }

    /** The block streamer stops refreshing this stream's health: stale after 180 s (upstream then restarts it after 600 s). */
    public void freezeStreamHealth(IndexerId id) {
        inject(id, Simulation.FaultKind.FREEZE_HEALTH);
    }

    /**
     * The indexer is deleted in the registry (on chain), as a user deletes one upstream: the next
     * loop moves it to Deleting. Upstream-exact mode then keeps "Deleting" in Redis forever; the
     * extension mode goes on to Deleted and removes the keys.
     */
    public void deleteInRegistry(IndexerId id) {
        inject(id, Simulation.FaultKind.DELETE_IN_REGISTRY);
    }

    /** Stores a value the coordinator cannot parse (e.g. malformed JSON) under the indexer's state key; {@link #clear} restores it. */
    public void corruptState(IndexerId id, String raw) {
        if (!plane.simulation().corruptState(id, raw)) {
            throw new IllegalArgumentException("Indexer not found: " + id);
        }
    }

    /** Adds a member to indexer_states whose state key has no value (an unregistered indexer's leftover). */
    public void danglingMember(IndexerId ghost) {
        plane.simulation().danglingMember(ghost);
    }

    private void inject(IndexerId id, Simulation.FaultKind kind) {
        if (!plane.simulation().fault(id, kind)) {
            throw new IllegalArgumentException("Indexer not found: " + id);
        }
    }

    /** Every coordinator call (IndexerManager and IndexerOperations) waits this long first; zero to undo. */
    public void slowCoordinator(Duration delay) {
        plane.gate().delay(delay);
    }

    /** The coordinator's port closes (UNAVAILABLE on a shared port) and its lifecycle loop stops; streams keep running. */
    public void killCoordinator() {
        plane.killCoordinator();
    }

    public void reviveCoordinator() {
        plane.reviveCoordinator();
    }

    public boolean coordinatorAlive() {
        return plane.coordinatorAlive();
    }

    /**
     * The block streamer's API goes away (false) or comes back on its port (true); its streams keep
     * publishing to Redis. An injected fault (the process or its port unreachable), not an upstream behaviour.
     */
    public void blockStreamerUp(boolean up) {
        plane.blockStreamerUp(up);
    }

    /** The runner's API goes away (false) or comes back on its port (true); its executors keep running. */
    public void runnerUp(boolean up) {
        plane.runnerUp(up);
    }

    public boolean blockStreamerAlive() {
        return plane.blockStreamerAlive();
    }

    public boolean runnerAlive() {
        return plane.runnerAlive();
    }

    /**
     * Restarts Redis empty: the demo restarts its own redis-server process; a standalone simulator
     * drops every client connection and flushes the keys. Either way the simulator then writes
     * every key again.
     */
    public void restartRedis() {
        plane.restartRedis();
    }

    /** Seeded random faults at {@code faultsPerSecond}: the same seed over the same fleet gives the same sequence. */
    public void chaos(long seed, double faultsPerSecond) {
        plane.simulation().chaos(seed, faultsPerSecond);
    }

    public void stopChaos() {
        plane.simulation().chaos(0, 0);
    }

    /** Chaos faults applied since chaos last started, oldest first, as "n KIND account/function". */
    public List<String> chaosLog() {
        return plane.simulation().chaosLog();
    }

    /** The pooler snapshotter stops (or resumes) processing: {@code snapshotterActiveStatus} 0 and no state updates. */
    public void snapshotterActive(boolean active) {
        plane.pooler().active(active);
    }

    /** Removes every fault of one indexer (it then recovers by itself). */
    public void clear(IndexerId id) {
        if (!plane.simulation().clear(id)) {
            throw new IllegalArgumentException("Indexer not found: " + id);
        }
    }

    /** Removes every fault: indexers, a slow or dead coordinator, chaos, an inactive snapshotter. */
    public void clearAll() {
        plane.simulation().clearAll();
        slowCoordinator(Duration.ZERO);
        if (!coordinatorAlive()) {
            reviveCoordinator();
        }
        snapshotterActive(true);
        blockStreamerUp(true);
        runnerUp(true);
    }
}
