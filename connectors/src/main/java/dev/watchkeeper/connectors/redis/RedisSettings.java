package dev.watchkeeper.connectors.redis;

import io.lettuce.core.RedisURI;

import java.time.Duration;

/**
 * How to reach and read a control plane's Redis.
 *
 * @param uri                   redis://, rediss:// (TLS), redis-sentinel:// URI; user:password@ allowed
 * @param pollInterval          poll interval when the server has no keyspace notifications
 * @param snapshotterNamespace  pooler namespace for the liveness keys (e.g. UNISWAPV2); null to skip them
 */
public record RedisSettings(String uri, Duration pollInterval, String snapshotterNamespace) {

    public static RedisSettings of(String uri) {
        return new RedisSettings(uri, Duration.ofSeconds(2), null);
    }

    public RedisURI redisUri() {
        return RedisURI.create(uri);
    }
}
