package dev.watchkeeper.bench.soak;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.bench.Fx;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.simulator.StateChangeLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Runs {@link ModelCheck} rounds back to back for the whole run: read Redis, give the console the
 * settle time (twice its refresh interval), read the console's model on the FX thread, read Redis
 * again, compare. When a fault is undone a new round starts at once, so "after every fault, within
 * twice the refresh interval, the model equals Redis" is what that round checks. A round during
 * which Redis restarted, or in which Redis could not be read, is not judged.
 */
final class ModelChecker implements AutoCloseable {

    /** A round that found differences, for the summary. */
    record Failure(double atSeconds, int mismatched, List<String> mismatches) {
    }

    private final RedisTruth truth;
    private final FleetViewModel fleet;
    private final Duration settle;
    private final InfraFaults faults;
    private volatile long startNanos;
    /** Each indexer's last state write by the simulator (nanoTime), to tell A → B → A from "unchanged". */
    private final Map<IndexerId, Long> lastWrite = new ConcurrentHashMap<>();
    private final Thread thread = new Thread(this::loop, "soak-model-check");
    private volatile boolean stopped;
    private volatile boolean restart;

    private int passed;
    private int failed;
    private int notJudged;
    private long compared;
    private long unsettled;
    private int minutePassed;
    private int minuteFailed;
    private final List<Failure> failures = new ArrayList<>();

    ModelChecker(RedisTruth truth, FleetViewModel fleet, StateChangeLog changes, Duration settle, InfraFaults faults, long startNanos) {
        this.truth = truth;
        this.fleet = fleet;
        this.settle = settle;
        this.faults = faults;
        this.startNanos = startNanos;
        changes.addListener(c -> lastWrite.put(c.indexer(), c.writtenAtNanos()));
    }

    ModelChecker start() {
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** A fault was undone: abandon the round in progress and start one now. */
    void faultUndone() {
        restart = true;
        LockSupport.unpark(thread);
    }

    private double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    private void loop() {
        while (!stopped) {
            round();
        }
    }

    /** One round, recorded; true when it was judged. */
    boolean round() {
        restart = false;
        long t0 = System.nanoTime();
        List<InfraFaults.Fault> endedBefore = faults.injected().stream()
                .filter(f -> !Double.isNaN(f.end) && f.end <= seconds(t0) && f.converged == null).toList();
        ModelCheck.Result r = evaluate();
        if (r == null) {
            synchronized (this) {
                notJudged++;
            }
            return false;
        }
        record(t0, endedBefore, r);
        return true;
    }

    /**
     * Rounds, not recorded, until one passes: the console has caught up with Redis after its first
     * load. The seconds that took; throws when it did not within {@code limit}.
     */
    double awaitFirstPass(Duration limit) {
        long t0 = System.nanoTime();
        ModelCheck.Result last = null;
        while (System.nanoTime() - t0 < limit.toNanos()) {
            restart = false;
            ModelCheck.Result r = evaluate();
            if (r != null && r.ok()) {
                return (System.nanoTime() - t0) / 1e9;
            }
            last = r == null ? last : r;
        }
        throw new IllegalStateException("the console's model did not equal Redis within " + limit.toSeconds() + " s of showing the fleet: "
                + (last == null ? "Redis could not be read" : last.mismatches()));
    }

    /** Reads Redis, the model after the settle time, Redis again, and compares; null when the round cannot be judged. */
    private ModelCheck.Result evaluate() {
        long t0 = System.nanoTime();
        Map<IndexerId, ModelCheck.Held> before;
        Map<IndexerId, ModelCheck.Shown> model;
        Map<IndexerId, ModelCheck.Held> after;
        try {
            before = truth.read();
            if (!pause(settle)) {
                return null;
            }
            model = Fx.call(() -> shown(fleet), Duration.ofSeconds(30));
            after = truth.read();
        } catch (java.util.concurrent.TimeoutException e) {
            return new ModelCheck.Result(0, 0, List.of("the FX thread did not answer within 30 s"), 1);
        } catch (Exception e) {
            pause(Duration.ofMillis(500));
            return null;
        }
        long t2 = System.nanoTime();
        // the simulator reports a state write once Redis has answered it: let those of this round arrive
        pause(Duration.ofMillis(200));
        if (redisRestartedBetween(seconds(t0), seconds(t2))) {
            return null;
        }
        long from = t0 - 100_000_000L;
        Set<IndexerId> written = lastWrite.entrySet().stream().filter(e -> e.getValue() >= from)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return ModelCheck.compare(before, model, after, written);
    }

    private boolean redisRestartedBetween(double from, double to) {
        return faults.injected().stream().anyMatch(f -> f.kind == InfraFaults.Kind.REDIS_RESTART
                && f.start <= to && (Double.isNaN(f.end) || f.end >= from));
    }

    private synchronized void record(long t0, List<InfraFaults.Fault> endedBefore, ModelCheck.Result r) {
        double at = seconds(System.nanoTime());
        compared += r.compared();
        unsettled += r.unsettled();
        if (r.ok()) {
            passed++;
            minutePassed++;
        } else {
            failed++;
            minuteFailed++;
            if (failures.size() < 5) {
                failures.add(new Failure(seconds(t0), r.mismatched(), r.mismatches()));
            }
            System.out.printf(Locale.ROOT, "soak model check FAILED at %.0f s: %d differences, first: %s%n",
                    seconds(t0), r.mismatched(), r.mismatches().isEmpty() ? "-" : r.mismatches().getFirst());
        }
        for (InfraFaults.Fault f : endedBefore) {
            f.converged = r.ok();
            f.convergedAfter = at - f.end;
        }
    }

    /** Sleeps {@code d}; false when a fault was undone meanwhile (the round restarts). */
    private boolean pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!restart) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(left);
        }
        return false;
    }

    static Map<IndexerId, ModelCheck.Shown> shown(FleetViewModel fleet) {
        Map<IndexerId, ModelCheck.Shown> out = new HashMap<>(fleet.allRows().size() * 2);
        for (IndexerRow row : fleet.allRows()) {
            out.put(row.id(), new ModelCheck.Shown(row.state(), row.lastPublishedBlock(), row.queueDepth()));
        }
        return out;
    }

    synchronized int passed() {
        return passed;
    }

    synchronized int failed() {
        return failed;
    }

    synchronized int notJudged() {
        return notJudged;
    }

    synchronized long compared() {
        return compared;
    }

    synchronized long unsettled() {
        return unsettled;
    }

    synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Rounds passed and failed since the last call: {passed, failed}. */
    synchronized int[] takeMinute() {
        int[] m = {minutePassed, minuteFailed};
        minutePassed = 0;
        minuteFailed = 0;
        return m;
    }

    /** Stops the rounds: the one in progress is abandoned. {@link #round} can still be called afterwards. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        restart = true;
        LockSupport.unpark(thread);
        thread.join(60_000);
    }

    /** Times are counted from {@code nanos} from now on (the run starts once the console has caught up). */
    void restartClock(long nanos) {
        startNanos = nanos;
    }
}
