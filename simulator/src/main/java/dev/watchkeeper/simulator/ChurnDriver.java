package dev.watchkeeper.simulator;

import dev.watchkeeper.model.LifecycleState;

import java.util.List;
import java.util.Random;

/**
 * Background state churn for load tests: flips random healthy indexers Running → Suspending →
 * Suspended → Running so that the total rate of state JSON writes (churn, its lifecycle
 * follow-ups and everything else) tracks the requested changes per second.
 */
final class ChurnDriver {

    private final Random random;
    private double rate;
    private long baseChanges = -1;
    private long startNanos;

    ChurnDriver(long seed, double rate) {
        this.random = new Random(seed);
        this.rate = rate;
    }

    void setRate(double perSecond) {
        rate = perSecond;
        baseChanges = -1;
    }

    double rate() {
        return rate;
    }

    void step(List<SimIndexer> fleet, long totalChanges, IndexerBehaviour.Now now) {
        if (rate <= 0 || fleet.isEmpty()) {
            return;
        }
        long nanos = System.nanoTime();
        if (baseChanges < 0) {
            baseChanges = totalChanges;
            startNanos = nanos;
            return;
        }
        double target = rate * (nanos - startNanos) / 1e9;
        double deficit = target - (totalChanges - baseChanges);
        if (deficit > 2 * rate) {
            // fell behind by more than two seconds (e.g. a stalled Redis): do not try to catch up in a burst
            baseChanges = totalChanges - (long) (target - rate);
            deficit = rate;
        }
        int ops = (int) Math.min(deficit, rate);
        for (int i = 0; i < ops; i++) {
            for (int attempt = 0; attempt < 8; attempt++) {
                if (flip(fleet.get(random.nextInt(fleet.size())), now)) {
                    break;
                }
            }
        }
    }

    private static boolean flip(SimIndexer ix, IndexerBehaviour.Now now) {
        if (ix.removed || !ix.churnable || ix.hasFault()) {
            return false;
        }
        if (ix.lifecycle == LifecycleState.RUNNING && ix.enabled) {
            ix.enabled = false;
            IndexerBehaviour.suspend(ix, now);
        } else if (ix.lifecycle == LifecycleState.SUSPENDING) {
            ix.executorActive = false;
            ix.execution = dev.watchkeeper.connectors.proto.runner.ExecutionState.UNSPECIFIED;
            ix.moveTo(LifecycleState.SUSPENDED, now.wallMs());
        } else if (ix.lifecycle == LifecycleState.SUSPENDED) {
            ix.enabled = true;
            IndexerBehaviour.resume(ix, now);
        } else {
            return false;
        }
        ix.dirty = true;
        return true;
    }
}
