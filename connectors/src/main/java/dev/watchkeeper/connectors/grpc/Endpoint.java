package dev.watchkeeper.connectors.grpc;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How to reach one gRPC endpoint (coordinator, block streamer or runner).
 *
 * <p>Text fields may hold {@code ${ENV_VAR}} references; they are expanded only when a connection
 * is opened ({@link #map}), never written back expanded. {@link #toString()} never shows the token.
 *
 * @param target         host:port (or any gRPC target such as dns:///host:port)
 * @param tls            TLS on (verifying the server) or plaintext
 * @param caFile         PEM file of the CA(s) to trust instead of the system trust store; null for the system's
 * @param clientCertFile PEM client certificate chain for mTLS; null for none (requires clientKeyFile)
 * @param clientKeyFile  PEM PKCS#8 private key for mTLS; null for none
 * @param bearerToken    sent as {@code authorization: Bearer ...} on every call; null for none
 * @param deadline       per-call deadline (also the overall budget of a retried call)
 * @param allowPlaintextToken the profile's explicit "insecure" opt-in to send the bearer token
 *                       without TLS to a host that is not this machine; refused otherwise
 * @param clientKeyPassphrase passphrase of an encrypted PKCS#8 client key (may be ${ENV_VAR}); null for an unencrypted key
 */
public record Endpoint(String target, boolean tls, String caFile, String clientCertFile, String clientKeyFile,
                       String bearerToken, Duration deadline, boolean allowPlaintextToken, String clientKeyPassphrase) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    public Endpoint {
        Objects.requireNonNull(target, "target");
        if (target.isBlank()) {
            throw new IllegalArgumentException("endpoint target is empty; expected host:port");
        }
        target = target.strip();
        deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline of " + target + " must be positive, was " + deadline);
        }
        caFile = blankToNull(caFile);
        clientCertFile = blankToNull(clientCertFile);
        clientKeyFile = blankToNull(clientKeyFile);
        bearerToken = blankToNull(bearerToken);
        clientKeyPassphrase = blankToNull(clientKeyPassphrase);
        if ((clientCertFile == null) != (clientKeyFile == null)) {
            throw new IllegalArgumentException("client certificate of " + target + " needs both a certificate file and a key file");
        }
        if (!tls && (caFile != null || clientCertFile != null)) {
            throw new IllegalArgumentException("CA and client certificate of " + target + " need TLS turned on");
        }
    }

    public Endpoint(String target, boolean tls, String caFile, String clientCertFile, String clientKeyFile,
                    String bearerToken, Duration deadline) {
        this(target, tls, caFile, clientCertFile, clientKeyFile, bearerToken, deadline, false, null);
    }

    /** Plaintext, no auth, default deadline: what an upstream QueryAPI deployment speaks. */
    public static Endpoint plaintext(String target) {
        return new Endpoint(target, false, null, null, null, null, DEFAULT_DEADLINE);
    }

    /** TLS verified against the system trust store, or against {@code caFile} when not null. */
    public static Endpoint tls(String target, String caFile) {
        return new Endpoint(target, true, caFile, null, null, null, DEFAULT_DEADLINE);
    }

    public Endpoint withClientCertificate(String certFile, String keyFile) {
        return new Endpoint(target, true, caFile, certFile, keyFile, bearerToken, deadline, allowPlaintextToken, clientKeyPassphrase);
    }

    public Endpoint withBearerToken(String token) {
        return new Endpoint(target, tls, caFile, clientCertFile, clientKeyFile, token, deadline, allowPlaintextToken, clientKeyPassphrase);
    }

    public Endpoint withDeadline(Duration d) {
        return new Endpoint(target, tls, caFile, clientCertFile, clientKeyFile, bearerToken, d, allowPlaintextToken, clientKeyPassphrase);
    }

    /** The explicit opt-in to send the bearer token without TLS to a remote host (shown as insecure). */
    public Endpoint withPlaintextTokenAllowed(boolean allowed) {
        return new Endpoint(target, tls, caFile, clientCertFile, clientKeyFile, bearerToken, deadline, allowed, clientKeyPassphrase);
    }

    /** The passphrase of an encrypted client key (or a ${ENV_VAR} reference to it). */
    public Endpoint withClientKeyPassphrase(String passphrase) {
        return new Endpoint(target, tls, caFile, clientCertFile, clientKeyFile, bearerToken, deadline, allowPlaintextToken, passphrase);
    }

    /**
     * A copy with every text field passed through {@code f} (used for ${ENV} expansion and secret
     * stripping); the token and the key passphrase, the secrets, through {@code tokenF}.
     */
    public Endpoint map(UnaryOperator<String> f, UnaryOperator<String> tokenF) {
        return new Endpoint(f.apply(target), tls, f.apply(caFile), f.apply(clientCertFile), f.apply(clientKeyFile),
                tokenF.apply(bearerToken), deadline, allowPlaintextToken, tokenF.apply(clientKeyPassphrase));
    }

    /**
     * Why this endpoint must not be connected as it stands (a bearer token in plain text to another
     * machine without the profile's explicit opt-in), or null. Never shows the token.
     */
    public String plaintextTokenRefusal() {
        if (bearerToken == null || tls || isLoopback() || allowPlaintextToken) {
            return null;
        }
        return "refusing to send the bearer token in plain text to " + target + ", where anyone on the network can read it:"
                + " turn TLS on, or set allowPlaintextToken (\"Insecure: token without TLS\") in the profile";
    }

    /** True when the target names this machine (plaintext there cannot be sniffed on a network). */
    public boolean isLoopback() {
        return dev.watchkeeper.connectors.Hosts.isLoopback(host());
    }

    /** The host part of the target (without scheme, brackets and port). */
    public String host() {
        String t = target;
        int scheme = t.indexOf(":///");
        if (scheme >= 0) {
            t = t.substring(scheme + 4);
        } else if (t.startsWith("dns:")) {
            t = t.substring(4);
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            return close > 0 ? t.substring(1, close) : t;
        }
        int colon = t.lastIndexOf(':');
        return colon > 0 && t.indexOf(':') == colon ? t.substring(0, colon) : t;
    }

    /** Why this endpoint's traffic can be read or altered on the network, or null when it cannot. */
    public String securityWarning() {
        if (tls || isLoopback()) {
            return null;
        }
        return (bearerToken != null && allowPlaintextToken ? dev.watchkeeper.connectors.Insecure.PREFIX : "")
                + "plaintext gRPC to " + target + ": traffic" + (bearerToken != null ? " and the bearer token" : "")
                + " can be read on the network; turn TLS on for remote endpoints";
    }

    @Override
    public String toString() {
        return "Endpoint[" + target + (tls ? ", TLS" : ", plaintext")
                + (caFile != null ? ", CA " + caFile : "")
                + (clientCertFile != null ? ", client cert " + clientCertFile : "")
                + (bearerToken != null ? ", bearer token set" : "")
                + (allowPlaintextToken ? ", token allowed without TLS" : "")
                + (clientKeyPassphrase != null ? ", key passphrase set" : "")
                + ", deadline " + deadline.toMillis() + " ms]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
