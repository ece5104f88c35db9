package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.Insecure;
import io.lettuce.core.RedisURI;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param insecureSkipVerify    the explicit opt-in to TLS without full certificate verification
 *                              ({@code ?verifyPeer=NONE} or {@code CA}); refused otherwise
 * @param allowPlaintextPassword the explicit opt-in to send the password without TLS to a host
 *                              that is not this machine; refused otherwise
 */
public record RedisSettings(String uri, Duration pollInterval, String snapshotterNamespace,
                            boolean cluster, Path caFile, Duration commandTimeout,
                            boolean insecureSkipVerify, boolean allowPlaintextPassword) {

    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        pollInterval = pollInterval == null || pollInterval.isZero() || pollInterval.isNegative() ? DEFAULT_POLL : pollInterval;
        commandTimeout = commandTimeout == null || commandTimeout.isZero() || commandTimeout.isNegative()
                ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
    }

    public RedisSettings(String uri, Duration pollInterval, String snapshotterNamespace, boolean cluster, Path caFile,
                         Duration commandTimeout) {
        this(uri, pollInterval, snapshotterNamespace, cluster, caFile, commandTimeout, false, false);
    }

    public RedisSettings(String uri, Duration pollInterval, String snapshotterNamespace) {
        this(uri, pollInterval, snapshotterNamespace, false, null, null);
    }

    public static RedisSettings of(String uri) {
        return new RedisSettings(uri, DEFAULT_POLL, null);
    }

    public RedisSettings withPollInterval(Duration d) {
        return new RedisSettings(uri, d, snapshotterNamespace, cluster, caFile, commandTimeout, insecureSkipVerify, allowPlaintextPassword);
    }

    public RedisSettings withNamespace(String namespace) {
        return new RedisSettings(uri, pollInterval, namespace, cluster, caFile, commandTimeout, insecureSkipVerify, allowPlaintextPassword);
    }

    public RedisSettings withCluster(boolean on) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, on, caFile, commandTimeout, insecureSkipVerify, allowPlaintextPassword);
    }

    public RedisSettings withCaFile(Path file) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, file, commandTimeout, insecureSkipVerify, allowPlaintextPassword);
    }

    public RedisSettings withCommandTimeout(Duration d) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, caFile, d, insecureSkipVerify, allowPlaintextPassword);
    }

    /** The explicit "insecure: skip certificate verification" opt-in. */
    public RedisSettings withInsecureSkipVerify(boolean on) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, caFile, commandTimeout, on, allowPlaintextPassword);
    }

    /** The explicit "insecure: send the password without TLS" opt-in. */
    public RedisSettings withPlaintextPasswordAllowed(boolean on) {
        return new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, caFile, commandTimeout, insecureSkipVerify, on);
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
            // the CA file plays no part here, and a missing one must not hide the warning; nor
            // may a refusal (it is reported by validationError)
            t = new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, null, commandTimeout, true, true).target();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (t.tls()) {
            return t.fullyVerified() ? null : Insecure.PREFIX + "skip certificate verification: the TLS certificate of Redis "
                    + String.join(", ", t.hosts()) + " is not fully verified; anyone on the network path can pose as the server"
                    + " and read the data" + (Secrets.password(uri) != null ? " and the password" : "");
        }
        List<String> remote = t.remoteHosts();
        if (remote.isEmpty()) {
            return null;
        }
        boolean password = Secrets.password(uri) != null;
        return (password && allowPlaintextPassword ? Insecure.PREFIX : "")
                + "plaintext Redis to " + String.join(", ", remote) + ": data" + (password ? " and the password" : "")
                + " can be read on the network; use rediss:// for remote servers";
    }

    /**
     * Why connecting would be refused for security (TLS verification off, a password in plain text
     * to another machine) without the profile's opt-in, or null (also when the URI is unusable).
     */
    public String insecureRefusal() {
        try {
            RedisTarget t = new RedisSettings(uri, pollInterval, snapshotterNamespace, cluster, null, commandTimeout, true, true).target();
            return t.insecureRefusal(this);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
                + ", caFile=" + caFile + ", commandTimeout=" + commandTimeout
                + (insecureSkipVerify ? ", insecureSkipVerify" : "") + (allowPlaintextPassword ? ", allowPlaintextPassword" : "") + "]";
    }
}
