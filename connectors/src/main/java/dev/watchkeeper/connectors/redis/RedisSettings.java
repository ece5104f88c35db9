package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.Hosts;
import io.lettuce.core.RedisURI;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach and read a control plane's Redis.
 *
 * <p>URI forms (lettuce syntax, {@code user:password@} allowed in each):
 * {@code redis://host:6379/0}, {@code rediss://host:6380} (TLS),
 * {@code redis-sentinel://s1:26379,s2:26379/0#mymaster}, and for Redis Cluster
 * {@code redis-cluster://n1:7000,n2:7001} (or {@code rediss-cluster://}, or any redis:// URI with
 * {@code cluster = true}). {@link #toString()} never shows the password.
 *
 * @param uri                   the server URI, as above
 * @param pollInterval          refresh interval when the server has no keyspace notifications
 * @param snapshotterNamespace  pooler namespace for the liveness keys (e.g. UNISWAPV2); null to skip them
 * @param cluster               connect as a Redis Cluster client (also implied by a *-cluster:// scheme)
 * @param caFile                PEM file of the CA that signed the server's TLS certificate; null for the JVM's trust store
 * @param commandTimeout        how long a bulk read may take before the connection counts as lost
 */
public record RedisSettings(String uri, Duration pollInterval, String snapshotterNamespace,
                            boolean cluster, Path caFile, Duration commandTimeout) {

    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        pollInterval = pollInterval == null || pollInterval.isZero() || pollInterval.isNegative() ? DEFAULT_POLL : pollInterval;
        commandTimeout = commandTimeout == null || commandTimeout.isZero() || commandTimeout.isNegative()
                ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
    }

    public RedisSettings(String uri, Duration pollInterval, String snapshotterNamespace) {
        this(uri, pollInterval, snapshotterNamespace, false, null, null);
    }

    public static RedisSettings of(String uri) {
        return new RedisSettings(uri, DEFAULT_POLL, null);
    }

    public RedisSettings withPollInterval(Duration d) {
        return new RedisSettings(uri, d, snapshotterNamespace, cluster, caFile, commandTimeout);
    }

    public RedisSettings withNamespace(String namespace) {
        return new RedisSettings(uri, pollInterval, namespace, cluster, caFile, commandTimeout);
    }

    public RedisSettings withCluster(boolean on) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, on, caFile, commandTimeout);
    }

    public RedisSettings withCaFile(Path file) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, file, commandTimeout);
    }

    public RedisSettings withCommandTimeout(Duration d) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, caFile, d);
    }

    /** The parsed connection target; throws IllegalArgumentException with a password-free message. */
    public RedisTarget target() {
        return RedisTarget.parse(this);
    }

    /** Null when the settings can be used, else why not (password-free). */
    public String validationError() {
        try {
            target();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Why this connection can be read on the network (plaintext to a host that is not this
     * machine), or null when it cannot or the URI is unusable (then {@link #validationError} says why).
     */
    public String securityWarning() {
        RedisTarget t;
        try {
            // the CA file plays no part here, and a missing one must not hide the warning
            t = withCaFile(null).target();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (t.tls()) {
            return null;
        }
        List<String> remote = new ArrayList<>();
        for (RedisURI node : t.nodes()) {
            List<RedisURI> hosts = node.getSentinels().isEmpty() ? List.of(node) : node.getSentinels();
            for (RedisURI h : hosts) {
                if (h.getSocket() == null && !Hosts.isLoopback(h.getHost())) {
                    remote.add(h.getHost() + ":" + h.getPort());
                }
            }
        }
        if (remote.isEmpty()) {
            return null;
        }
        boolean password = Secrets.password(uri) != null;
        return "plaintext Redis to " + String.join(", ", remote) + ": data" + (password ? " and the password" : "")
                + " can be read on the network; use rediss:// for remote servers";
    }

    /** The (first) server as a lettuce URI. */
    public RedisURI redisUri() {
        return target().nodes().getFirst();
    }

    /** The URI with any password replaced by {@code ***}, for display and logs. */
    public String redactedUri() {
        return Secrets.redactUri(uri);
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=" + redactedUri() + ", pollInterval=" + pollInterval
                + ", snapshotterNamespace=" + snapshotterNamespace + ", cluster=" + cluster
                + ", caFile=" + caFile + ", commandTimeout=" + commandTimeout + "]";
    }
}
