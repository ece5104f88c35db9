package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;

/** One simulated indexer. Mutated only on the simulation thread. */
final class SimIndexer {

    final IndexerId id;
    LifecycleState lifecycle;
    boolean enabled;
    Long blockStreamSyncedAt;
    long stateSinceMillis;
    /** Provisioning fails on the next attempt (fault injection). */
    boolean failProvisioning;
    /** The state changed since it was last written to Redis. */
    boolean dirty = true;

    SimIndexer(IndexerId id, LifecycleState lifecycle, boolean enabled, long now) {
        this.id = id;
        this.lifecycle = lifecycle;
        this.enabled = enabled;
        this.stateSinceMillis = now;
    }

    void moveTo(LifecycleState next, long now) {
        if (next != lifecycle) {
            lifecycle = next;
            stateSinceMillis = now;
            dirty = true;
        }
    }
}
