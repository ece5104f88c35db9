package dev.watchkeeper.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random faults: the same seed over the same fleet yields the same sequence of faults, so a
 * chaos run that found a problem can be replayed.
 */
final class Chaos {

    enum Kind { STALL_STREAM, EXECUTOR_FAILING, EXECUTOR_STALLED, FAIL_PROVISIONING, CLEAR }

    /** The n-th fault of a run: what, and to which indexer (index into the fleet in registration order). */
    record Action(long n, Kind kind, int indexer) {
    }

    private final Random random;
    private final int fleetSize;
    private final double perSecond;
    private double due;
    private long count;

    Chaos(long seed, int fleetSize, double perSecond) {
        this.random = new Random(seed);
        this.fleetSize = fleetSize;
        this.perSecond = perSecond;
    }

    Action next() {
        int roll = random.nextInt(100);
        Kind kind = roll < 25 ? Kind.STALL_STREAM : roll < 45 ? Kind.EXECUTOR_FAILING : roll < 65 ? Kind.EXECUTOR_STALLED
                : roll < 80 ? Kind.FAIL_PROVISIONING : Kind.CLEAR;
        return new Action(++count, kind, fleetSize == 0 ? 0 : random.nextInt(fleetSize));
    }

    /** The actions due after {@code realSeconds} more seconds at this run's rate. */
    List<Action> due(double realSeconds) {
        due = Math.min(due + realSeconds * perSecond, perSecond + 1);
        List<Action> out = new ArrayList<>();
        while (due >= 1 && fleetSize > 0) {
            out.add(next());
            due--;
        }
        return out;
    }

    double perSecond() {
        return perSecond;
    }
}
