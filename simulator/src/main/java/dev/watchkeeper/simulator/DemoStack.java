package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.local.LocalRedisServer;

/** The built-in demo: a private Redis plus the simulated control plane, all on loopback. */
public final class DemoStack implements AutoCloseable {

    private final LocalRedisServer redis;
    private final ControlPlane controlPlane;

    private DemoStack(LocalRedisServer redis, ControlPlane controlPlane) {
        this.redis = redis;
        this.controlPlane = controlPlane;
    }

    public static DemoStack start(SimConfig config) {
        LocalRedisServer redis = LocalRedisServer.start();
        try {
            return new DemoStack(redis, ControlPlane.start(redis.uri(), 0, config));
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

    public LocalRedisServer redisServer() {
        return redis;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    @Override
    public void close() {
        controlPlane.close();
        redis.close();
    }
}
