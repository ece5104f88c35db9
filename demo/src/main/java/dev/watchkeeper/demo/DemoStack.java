package dev.watchkeeper.demo;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.simulator.ControlPlane;
import dev.watchkeeper.simulator.Faults;
import dev.watchkeeper.simulator.SimStats;
import dev.watchkeeper.simulator.StateChangeLog;
import dev.watchkeeper.simulator.Ports;
import dev.watchkeeper.simulator.SimConfig;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;

import java.util.List;

/** The built-in demo: a private Redis plus the simulated control plane, all on loopback, any free ports. */
public final class DemoStack implements AutoCloseable {

    private final LocalRedisServer redis;
    private final ControlPlane controlPlane;

    private DemoStack(LocalRedisServer redis, ControlPlane controlPlane) {
        this.redis = redis;
        this.controlPlane = controlPlane;
    }

    public static DemoStack start(SimConfig config) {
        return start(config, Ports.any());
    }

    public static DemoStack start(SimConfig config, Ports ports) {
        LocalRedisServer redis = LocalRedisServer.start();
        try {
            ControlPlane plane = ControlPlane.start(redis.uri(), ports, config);
            // the demo owns its Redis: a restart fault restarts the real process (empty, as persistence is off)
            plane.redisRestarter(redis::restart);
            return new DemoStack(redis, plane);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public String redisUri() {
        return redis.uri();
    }

    public String coordinatorTarget() {
        return controlPlane.coordinatorTarget();
    }

    public String blockStreamerTarget() {
        return controlPlane.blockStreamerTarget();
    }

    public String runnerTarget() {
        return controlPlane.runnerTarget();
    }

    public String controlTarget() {
        return controlPlane.controlTarget();
    }

    /** The pooler snapshotter's namespace (for its liveness keys). */
    public String snapshotterNamespace() {
        return controlPlane.snapshotterNamespace();
    }

    public LocalRedisServer redisServer() {
        return redis;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public Faults faults() {
        return controlPlane.faults();
    }

    public SimStats stats() {
        return controlPlane.stats();
    }

    public StateChangeLog stateChanges() {
        return controlPlane.stateChanges();
    }

    /** Registered indexers in registration order (stable for a seed). */
    public List<IndexerId> indexers() {
        return controlPlane.indexers();
    }

    /** Registered indexers now in {@code state}, in registration order. */
    public List<IndexerId> indexers(LifecycleState state) {
        return controlPlane.indexers(state);
    }

    @Override
    public void close() {
        controlPlane.close();
        redis.close();
    }
}
