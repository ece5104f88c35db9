package dev.watchkeeper.simulator;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.lettuce.core.RedisURI;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A simulated control plane writing to a given Redis: the coordinator's gRPC API on a loopback
 * port and the lifecycle loop behind it. Embedded by the demo and the tests; wrapped by
 * {@link SimulatorMain} to run standalone.
 */
public final class ControlPlane implements AutoCloseable {

    private final RedisWriter redis;
    private final Simulation simulation;
    private final Server coordinator;

    private ControlPlane(RedisWriter redis, Simulation simulation, Server coordinator) {
        this.redis = redis;
        this.simulation = simulation;
        this.coordinator = coordinator;
    }

    /** Starts on {@code redisUri}, serving the coordinator on {@code coordinatorPort} (0 = any free port). */
    public static ControlPlane start(String redisUri, int coordinatorPort, SimConfig config) {
        RedisWriter redis = new RedisWriter(RedisURI.create(redisUri));
        Simulation simulation = new Simulation(config, redis);
        simulation.start();
        try {
            Server server = Grpc.newServerBuilderForPort(coordinatorPort, InsecureServerCredentials.create())
                    .addService(new CoordinatorService(simulation))
                    .build()
                    .start();
            return new ControlPlane(redis, simulation, server);
        } catch (IOException e) {
            simulation.close();
            redis.close();
            throw new UncheckedIOException("cannot serve the coordinator on port " + coordinatorPort, e);
        }
    }

    public int coordinatorPort() {
        return coordinator.getPort();
    }

    /** {@code host:port} of the coordinator's gRPC API. */
    public String coordinatorTarget() {
        return "127.0.0.1:" + coordinatorPort();
    }

    @Override
    public void close() {
        coordinator.shutdownNow();
        try {
            coordinator.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        simulation.close();
        redis.close();
    }
}
