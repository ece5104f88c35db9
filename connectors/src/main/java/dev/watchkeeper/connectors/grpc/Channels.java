package dev.watchkeeper.connectors.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.watchkeeper.connectors.DurationProperty;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds gRPC channels from {@link Endpoint} settings. Every channel pings its server when it has
 * been quiet for the keep-alive time, also without calls in flight: the coordinator's channel is
 * idle between commands, and a partition (a dropped route, a dead NAT entry) would otherwise go
 * unseen until the next command hit its deadline. No answer within the keep-alive timeout closes the
 * transport, and the channel's watcher reports the source as reconnecting.
 */
public final class Channels {

    private static final Logger LOG = LoggerFactory.getLogger(Channels.class);

    /** System property, seconds: how long a channel may be quiet before it pings (default 30; gRPC's floor is 10). */
    public static final String KEEP_ALIVE_PROPERTY = "watchkeeper.grpc.keepAliveSeconds";
    /** System property, seconds: how long a ping may go unanswered before the connection counts as lost (default 10). */
    public static final String KEEP_ALIVE_TIMEOUT_PROPERTY = "watchkeeper.grpc.keepAliveTimeoutSeconds";
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);

    /** The keep-alive every channel gets: the system properties, else the defaults. */
    public record KeepAlive(Duration time, Duration timeout) {
        public static KeepAlive fromProperties() {
            return new KeepAlive(DurationProperty.seconds(KEEP_ALIVE_PROPERTY, DEFAULT_KEEP_ALIVE),
                    DurationProperty.seconds(KEEP_ALIVE_TIMEOUT_PROPERTY, DEFAULT_KEEP_ALIVE_TIMEOUT));
        }
    }

    private Channels() {
    }

    /**
     * A channel and, when its traffic is exposed (plaintext to a non-loopback host), a warning the
     * UI should show next to the endpoint.
     */
    public record Built(ManagedChannel channel, String warning) {
    }

    public static ManagedChannel plaintext(String target) {
        return build(Endpoint.plaintext(target)).channel();
    }

    /**
     * Builds the channel for {@code endpoint} (expected already ${ENV}-expanded).
     *
     * @throws IllegalArgumentException when a CA, certificate or key file cannot be read, naming the file
     */
    public static Built build(Endpoint endpoint) {
        String refusal = endpoint.plaintextTokenRefusal();
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        ChannelCredentials credentials = endpoint.tls() ? tls(endpoint) : InsecureChannelCredentials.create();
        if (endpoint.bearerToken() != null) {
            credentials = CompositeChannelCredentials.create(credentials, new BearerToken(endpoint.bearerToken()));
        }
        String warning = endpoint.securityWarning();
        if (warning != null) {
            LOG.warn(warning);
        }
        KeepAlive keepAlive = KeepAlive.fromProperties();
        ManagedChannel channel = Grpc.newChannelBuilder(endpoint.target(), credentials)
                .keepAliveTime(keepAlive.time().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(keepAlive.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveWithoutCalls(true)
                .build();
        return new Built(channel, warning);
    }

    private static ChannelCredentials tls(Endpoint endpoint) {
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        if (endpoint.caFile() != null) {
            File ca = readable(endpoint.caFile(), "CA file", endpoint);
            try {
                b.trustManager(ca);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot use CA file " + ca + " for " + endpoint.target() + ": " + e.getMessage(), e);
            }
        }
        if (endpoint.clientCertFile() != null) {
            File cert = readable(endpoint.clientCertFile(), "client certificate", endpoint);
            File key = readable(endpoint.clientKeyFile(), "client key", endpoint);
            if (endpoint.clientKeyPassphrase() != null) {
                b.keyManager(ClientKeys.keyManagers(cert.toPath(), key.toPath(), endpoint.clientKeyPassphrase()));
                return b.build();
            }
            if (ClientKeys.isEncrypted(key.toPath())) {
                throw new IllegalArgumentException("client key " + key + " for " + endpoint.target()
                        + " is encrypted: set its passphrase (clientKeyPassphrase, e.g. ${WK_KEY_PASSPHRASE}) in the profile");
            }
            try {
                b.keyManager(cert, key);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot use client certificate " + cert + " / key " + key + " for "
                        + endpoint.target() + " (expected a PEM certificate and a PKCS#8 PEM key; an encrypted key needs clientKeyPassphrase): " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static File readable(String path, String what, Endpoint endpoint) {
        File f = new File(path);
        if (!f.canRead()) {
            throw new IllegalArgumentException(what + " " + path + " for " + endpoint.target() + " does not exist or is not readable");
        }
        return f;
    }

    /** Shuts a channel down now and waits briefly, so no transport threads outlive their owner. */
    public static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
