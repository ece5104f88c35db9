package dev.watchkeeper.demo.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster of private redis-server processes on loopback (masters only, the 16,384
 * slots split evenly), for tests and benchmarks of the console's cluster path. Cluster servers
 * publish no keyspace events here, as on most managed clusters, so readers poll.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private final List<LocalRedisServer> nodes = new ArrayList<>();

    private LocalRedisCluster() {
    }

    /** Starts {@code size} nodes keeping their cluster config files in {@code dir}, and waits until the cluster is ok. */
    public static LocalRedisCluster start(int size, Path dir) {
        LocalRedisCluster cluster = new LocalRedisCluster();
        try {
            cluster.form(size, dir);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form(int size, Path dir) {
        for (int i = 0; i < size; i++) {
            int port = clusterPort();
            nodes.add(LocalRedisServer.start(port, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                    "--cluster-node-timeout", "2000")));
        }
        List<RedisClient> clients = nodes.stream().map(n -> RedisClient.create(n.uri())).toList();
        try {
            List<RedisCommands<String, String>> admin = clients.stream().map(c -> c.connect().sync()).toList();
            int per = 16384 / size + 1;
            for (int i = 0; i < size; i++) {
                int from = i * per;
                admin.get(i).clusterAddSlots(IntStream.range(from, Math.min(16384, from + per)).toArray());
            }
            for (int i = 1; i < size; i++) {
                admin.getFirst().clusterMeet("127.0.0.1", nodes.get(i).port());
            }
            // the gossip takes a moment: every node must know every other and see all slots covered
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.stream().allMatch(a -> a.clusterInfo().contains("cluster_state:ok") && a.clusterNodes().lines().count() == size)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the local Redis Cluster of " + size + " nodes did not reach cluster_state:ok within 30 s");
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        } finally {
            clients.forEach(RedisClient::shutdown);
        }
    }

    public List<LocalRedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The console's URI for it: {@code redis-cluster://} with every node as a seed. */
    public String uri() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedisServer::close);
    }

    /** A free port whose cluster bus port (+10000) is free as well. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(p) && free(p + 10_000)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair for a Redis Cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
