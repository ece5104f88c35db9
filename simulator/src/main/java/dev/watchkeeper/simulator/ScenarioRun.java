package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Plays a {@link Scenario} against a control plane, each step at its (scaled) time. */
final class ScenarioRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRun.class);

    private final ControlPlane plane;
    private final Random random;
    private final AtomicInteger done = new AtomicInteger();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wk-sim-scenario");
        t.setDaemon(true);
        return t;
    });

    ScenarioRun(ControlPlane plane, Scenario scenario, SimConfig config) {
        this.plane = plane;
        this.random = new Random(config.seed() ^ 0xC0FFEEL);
        for (Scenario.Step step : scenario.steps()) {
            long delay = config.scaled(step.at()).toNanos();
            thread.schedule(() -> apply(step), delay, TimeUnit.NANOSECONDS);
        }
    }

    int stepsDone() {
        return done.get();
    }

    private void apply(Scenario.Step step) {
        try {
            Faults f = plane.faults();
            String arg = step.argument();
            switch (step.action()) {
                case STALL_STREAM -> f.stallStream(indexer(arg));
                case EXECUTOR_FAILING -> f.executorFailing(indexer(arg));
                case EXECUTOR_STALLED -> f.executorStalled(indexer(arg));
                case FAIL_PROVISIONING -> f.failProvisioning(indexer(arg));
                case CLEAR -> f.clear(indexer(arg));
                case FREEZE_STREAM_HEALTH -> f.freezeStreamHealth(indexer(arg));
                case DELETE_IN_REGISTRY -> f.deleteInRegistry(indexer(arg));
                case CORRUPT_STATE -> f.corruptState(indexer(arg), Faults.MALFORMED_STATE);
                case DANGLING_MEMBER -> f.danglingMember(dev.watchkeeper.model.IndexerId.parse(arg));
                case CLEAR_ALL -> f.clearAll();
                case SLOW_COORDINATOR -> f.slowCoordinator(Scenario.duration(arg, step.line()));
                case KILL_COORDINATOR -> f.killCoordinator();
                case REVIVE_COORDINATOR -> f.reviveCoordinator();
                case RESTART_REDIS -> f.restartRedis();
                case CHAOS -> {
                    String[] p = arg.split("\\s+");
                    f.chaos(Long.parseLong(p[0]), Double.parseDouble(p[1]));
                }
                case STOP_CHAOS -> f.stopChaos();
                case CHURN -> plane.churn(Double.parseDouble(arg));
                case SNAPSHOTTER_INACTIVE -> f.snapshotterActive(false);
                case SNAPSHOTTER_ACTIVE -> f.snapshotterActive(true);
                case INCIDENT -> plane.playIncident(IncidentScenario.parse(arg), java.time.Duration.ZERO, random.nextLong());
            }
            LOG.info("scenario line {}: {} {}", step.line(), step.action().word(), arg);
        } catch (RuntimeException e) {
            LOG.warn("scenario line {} ({} {}) failed: {}", step.line(), step.action().word(), step.argument(), e.getMessage());
        } finally {
            done.incrementAndGet();
        }
    }

    private IndexerId indexer(String arg) {
        List<IndexerId> fleet = plane.indexers();
        if (arg.equals("random")) {
            return fleet.get(random.nextInt(fleet.size()));
        }
        if (arg.startsWith("#")) {
            return fleet.get(Integer.parseInt(arg.substring(1)));
        }
        return IndexerId.parse(arg);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

}
