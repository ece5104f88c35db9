package dev.watchkeeper.connectors.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.concurrent.TimeUnit;

/**
 * One open, read-only use of a Redis deployment (standalone, Sentinel-managed, TLS or Cluster):
 * keys as UTF-8 strings, values as raw bytes so that non-UTF-8 data can be shown instead of
 * silently mangled. Lettuce's own reconnect is off: the readers reconnect and then resync fully.
 */
final class RedisEndpoint implements AutoCloseable {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisTarget target;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterCommands<String, byte[]> sync;
    private final RedisClusterAsyncCommands<String, byte[]> async;
    private final java.util.List<StatefulRedisPubSubConnection<String, String>> pubSubs = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RedisEndpoint(RedisTarget target, AbstractRedisClient client, StatefulConnection<String, byte[]> connection,
                          RedisClusterCommands<String, byte[]> sync, RedisClusterAsyncCommands<String, byte[]> async) {
        this.target = target;
        this.client = client;
        this.connection = connection;
        this.sync = sync;
        this.async = async;
    }

    /** Connects (blocking, bounded by the command timeout); throws on failure. */
    static RedisEndpoint open(RedisTarget target) {
        if (target.cluster()) {
            RedisClusterClient client = RedisClusterClient.create(target.nodes());
            try {
                // node connections open lazily (and move with the topology): lettuce must be allowed
                // to (re)connect them; a dead cluster still shows as command timeouts
                client.setOptions(ClusterClientOptions.builder()
                        .autoReconnect(true)
                        .timeoutOptions(TimeoutOptions.enabled(target.commandTimeout()))
                        .socketOptions(SocketOptions.builder().connectTimeout(target.commandTimeout()).build())
                        .sslOptions(ssl(target))
                        .build());
                StatefulRedisClusterConnection<String, byte[]> c = client.connect(CODEC);
                return new RedisEndpoint(target, client, c, c.sync(), c.async());
            } catch (RuntimeException e) {
                client.shutdownAsync(0, 1, TimeUnit.SECONDS);
                throw e;
            }
        }
        RedisClient client = RedisClient.create();
        try {
            client.setOptions(clientOptions(target));
            StatefulRedisConnection<String, byte[]> c = client.connect(CODEC, target.nodes().getFirst());
            return new RedisEndpoint(target, client, c, c.sync(), c.async());
        } catch (RuntimeException e) {
            client.shutdownAsync(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static ClientOptions clientOptions(RedisTarget target) {
        return ClientOptions.builder()
                // RESP2: under RESP3 each notification came as a push message, decoded into a list of
                // buffers and then again into a message (most of what a running fleet's console allocated)
                .protocolVersion(io.lettuce.core.protocol.ProtocolVersion.RESP2)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(target.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(target.commandTimeout()).build())
                .sslOptions(ssl(target))
                .build();
    }

    private static SslOptions ssl(RedisTarget target) {
        SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
        if (target.caFile() != null) {
            b.trustManager(target.caFile().toFile());
        }
        return b.build();
    }

    RedisTarget target() {
        return target;
    }

    RedisClusterCommands<String, byte[]> sync() {
        return sync;
    }

    RedisClusterAsyncCommands<String, byte[]> async() {
        return async;
    }

    boolean isOpen() {
        return connection.isOpen() && pubSubs.stream().allMatch(StatefulRedisPubSubConnection::isOpen);
    }

    /**
     * A pub/sub connection of its own for one group of keyspace notifications; null on a cluster
     * (there the readers poll). One connection per group because Redis delivers a connection's
     * messages in order: a running fleet's progress keys are named thousands of times a second,
     * and on a shared connection a lifecycle change waited behind all of them. Messages are decoded
     * with {@code codec} ({@link KeyspaceChannelCodec}).
     */
    StatefulRedisPubSubConnection<String, String> newPubSub(RedisCodec<String, String> codec) {
        if (target.cluster()) {
            return null;
        }
        StatefulRedisPubSubConnection<String, String> c = ((RedisClient) client).connectPubSub(codec, target.nodes().getFirst());
        pubSubs.add(c);
        return c;
    }

    @Override
    public void close() {
        pubSubs.forEach(StatefulRedisPubSubConnection::closeAsync);
        connection.closeAsync();
        client.shutdownAsync(0, 2, TimeUnit.SECONDS);
    }
}
