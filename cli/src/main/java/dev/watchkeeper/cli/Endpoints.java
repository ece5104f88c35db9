package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.redis.RedisSettings;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the CLI connects, resolved from options, the shared connection profile and defaults.
 *
 * @param profile     the profile name, null when none was given
 * @param coordinator coordinator gRPC endpoint (TLS, token and deadline as the profile says)
 * @param redis       Redis settings (the URI may hold a password: print {@link #redisForDisplay()} only)
 * @param readOnly    commands are refused
 * @param blockStreamer block streamer gRPC endpoint, null when not configured (stream health unknown)
 * @param runner      runner gRPC endpoint, null when not configured (executor health unknown)
 */
public record Endpoints(String profile, Endpoint coordinator, RedisSettings redis, boolean readOnly,
                        Endpoint blockStreamer, Endpoint runner) {

    public Endpoints(String profile, Endpoint coordinator, RedisSettings redis, boolean readOnly) {
        this(profile, coordinator, redis, readOnly, null, null);
    }

    /** Upstream defaults: coordinator gRPC on 9003 (control-plane spec §1), Redis on 6379. */
    public static final String DEFAULT_COORDINATOR = "localhost:9003";
    public static final String DEFAULT_REDIS = "redis://localhost:6379";

    /** The Redis URI with any password removed, for messages and output. */
    public String redisForDisplay() {
        return redis.redactedUri();
    }

    static String redact(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            URI u = new URI(uri);
            if (u.getRawUserInfo() == null) {
                return uri;
            }
            return new URI(u.getScheme(), "***", u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
        } catch (URISyntaxException e) {
            int at = uri.lastIndexOf('@');
            int scheme = uri.indexOf("://");
            return at > 0 && scheme > 0 && at > scheme ? uri.substring(0, scheme + 3) + "***" + uri.substring(at) : uri;
        }
    }
}
