package dev.watchkeeper.app.support;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.grpc.BlockStreamerClient;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.grpc.HealthPoller;
import dev.watchkeeper.connectors.grpc.RunnerClient;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.simulator.DemoStack;

import java.time.Clock;
import java.time.Duration;

/**
 * The readers a full session runs next to the fleet reader (epochs from Redis, stream and executor
 * health over gRPC), started against a demo stack and delivering to a session's listener.
 */
public final class DemoReaders implements AutoCloseable {

    private final EpochReader epochs;
    private final HealthPoller health;

    public DemoReaders(DemoStack demo, ControlPlaneListener listener) {
        epochs = new EpochReader(RedisSettings.of(demo.redisUri()).withNamespace(demo.snapshotterNamespace())
                .withPollInterval(Duration.ofSeconds(1)), listener);
        health = new HealthPoller(BlockStreamerClient.open(Endpoint.plaintext(demo.blockStreamerTarget())),
                RunnerClient.open(Endpoint.plaintext(demo.runnerTarget())), Duration.ofSeconds(2), listener, Clock.systemUTC());
        epochs.start();
        health.start();
    }

    @Override
    public void close() {
        health.close();
        epochs.close();
    }
}
