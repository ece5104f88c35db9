package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays an {@link IncidentScenario} against a running control plane: its failures at their
 * (scaled) times after {@code delay}, and the recovery after the scenario's duration. Indexer
 * scenarios pick among the indexers Running when it starts.
 */
public final class IncidentScenarioRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentScenarioRun.class);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wk-sim-incident");
        t.setDaemon(true);
        return t;
    });

    private IncidentScenarioRun() {
    }

    /**
     * @param delay upstream time from now until the scenario begins
     * @throws IllegalArgumentException when the fleet is too small for the scenario
     */
    public static IncidentScenarioRun start(ControlPlane plane, IncidentScenario scenario, Duration delay, long seed) {
        IncidentScenarioRun run = new IncidentScenarioRun();
        SimConfig config = plane.simulation().config();
        if (scenario.target() == IncidentScenario.Target.PROJECT) {
            IncidentScenario.Plan plan = scenario.plan(seed, plane.pooler().projects().size());
            run.at(config.scaled(delay), () -> LOG.info("incident scenario {}: SNAPSHOT_BUILD of epoch {} fails for {} projects",
                    scenario.word(), PoolerRpcTimeout.inject(plane.pooler(), plan), plan.failures().size()));
            return run;
        }
        List<IndexerId> running = plane.indexers(LifecycleState.RUNNING);
        IncidentScenario.Plan plan = scenario.plan(seed, running.size());
        Faults faults = plane.faults();
        run.at(config.scaled(delay), () -> LOG.info("incident scenario {} begins: {} {}s fail", scenario.word(),
                plan.failures().size(), scenario.target().name().toLowerCase()));
        for (IncidentScenario.Failure f : plan.failures()) {
            IndexerId id = running.get(f.index());
            run.at(config.scaled(delay.plus(f.at())), () -> {
                if (scenario.target() == IncidentScenario.Target.STREAM) {
                    faults.stallStream(id);
                } else {
                    faults.executorStalled(id);
                }
            });
            run.at(config.scaled(delay.plus(scenario.spread()).plus(plan.recoverAfter())), () -> faults.clear(id));
        }
        return run;
    }

    private void at(Duration after, Runnable action) {
        thread.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                // An indexer deleted meanwhile: the rest of the scenario goes on.
                LOG.warn("incident scenario step failed: {}", e.getMessage());
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
