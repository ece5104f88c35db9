package dev.watchkeeper.connectors.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import dev.watchkeeper.connectors.Hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed, validated Redis connection target. Every error message is written for an operator
 * and carries the URI with its password masked.
 *
 * @param nodes          one URI, or the seed nodes of a cluster
 * @param cluster        connect with lettuce's cluster client
 * @param caFile         trusted CA for TLS, or null
 * @param commandTimeout timeout of every command and of connecting
 * @param display        the URI with the password masked
 * @param secret         the password, only to scrub it from error texts (null when none)
 */
public record RedisTarget(List<RedisURI> nodes, boolean cluster, Path caFile, Duration commandTimeout,
                          String display, String secret) {

    private static final List<String> PLAIN = List.of("redis", "rediss", "redis-socket", "redis-sentinel", "rediss-sentinel");

    public RedisTarget {
        nodes = List.copyOf(nodes);
    }

    public boolean tls() {
        return nodes.getFirst().isSsl();
    }

    /** TLS that checks the server's certificate and host name (lettuce's verifyPeer=FULL). */
    public boolean fullyVerified() {
        return nodes.stream().allMatch(n -> n.getVerifyMode() == SslVerifyMode.FULL);
    }

    /** host:port of every server contacted (the sentinels for a Sentinel URI). */
    public List<String> hosts() {
        return contacted().stream().map(h -> h.getSocket() != null ? h.getSocket() : h.getHost() + ":" + h.getPort()).toList();
    }

    /** host:port of every server contacted that is not this machine (a Unix socket is this machine). */
    public List<String> remoteHosts() {
        return contacted().stream().filter(h -> h.getSocket() == null && !Hosts.isLoopback(h.getHost()))
                .map(h -> h.getHost() + ":" + h.getPort()).toList();
    }

    private List<RedisURI> contacted() {
        return nodes.stream().flatMap(n -> n.getSentinels().isEmpty() ? java.util.stream.Stream.of(n) : n.getSentinels().stream()).toList();
    }

    public boolean sentinel() {
        return !nodes.getFirst().getSentinels().isEmpty();
    }

    /** The database notifications are published for (0 on a cluster). */
    public int database() {
        return cluster ? 0 : nodes.getFirst().getDatabase();
    }

    static RedisTarget parse(RedisSettings s) {
        String raw = s.uri().trim();
        String display = Secrets.redactUri(raw);
        int sep = raw.indexOf("://");
        if (raw.isEmpty() || sep <= 0) {
            throw new IllegalArgumentException("Redis URI \"" + display + "\" has no scheme: use redis://host:6379, "
                    + "rediss:// for TLS, redis-sentinel:// or redis-cluster://");
        }
        String scheme = raw.substring(0, sep).toLowerCase(Locale.ROOT);
        boolean cluster = s.cluster();
        if (scheme.equals("redis-cluster") || scheme.equals("rediss-cluster")) {
            cluster = true;
            scheme = scheme.equals("redis-cluster") ? "redis" : "rediss";
        } else if (!PLAIN.contains(scheme)) {
            throw new IllegalArgumentException("Redis URI \"" + display + "\" has an unsupported scheme \"" + scheme
                    + "\": use redis://, rediss:// (TLS), redis-sentinel:// or redis-cluster://");
        }
        if (cluster && scheme.contains("sentinel")) {
            throw new IllegalArgumentException("Redis URI \"" + display + "\": a Sentinel URI cannot be used as a cluster");
        }
        String rest = raw.substring(sep + 3);
        if (scheme.contains("sentinel") && !rest.contains("#")) {
            throw new IllegalArgumentException("Redis Sentinel URI \"" + display
                    + "\" names no master: add #master-name, e.g. redis-sentinel://host:26379#mymaster");
        }
        if (!scheme.equals("redis-socket")) {
            checkPorts(raw, display);
        }
        List<RedisURI> nodes = new ArrayList<>();
        if (cluster) {
            // lettuce takes one URI per cluster seed node: split "user:pw@h1:1,h2:2/0" into one per host
            String userInfo = Secrets.userInfo(raw);
            String afterUser = userInfo == null ? rest : rest.substring(userInfo.length() + 1);
            int end = firstOf(afterUser, "/?#");
            String hosts = afterUser.substring(0, end);
            String tail = afterUser.substring(end);
            for (String host : hosts.split(",")) {
                if (host.isBlank()) {
                    throw new IllegalArgumentException("Redis URI \"" + display + "\" names an empty cluster node");
                }
                nodes.add(create(scheme + "://" + (userInfo == null ? "" : userInfo + "@") + host.trim() + tail, display, raw));
            }
        } else {
            nodes.add(create(scheme + "://" + rest, display, raw));
        }
        for (RedisURI n : nodes) {
            n.setTimeout(s.commandTimeout());
            if (n.getSentinels().isEmpty() && !scheme.equals("redis-socket") && (n.getHost() == null || n.getHost().isBlank())) {
                throw new IllegalArgumentException("Redis URI \"" + display + "\" names no host");
            }
            if (scheme.contains("sentinel") && (n.getSentinelMasterId() == null || n.getSentinelMasterId().isBlank())) {
                throw new IllegalArgumentException("Redis Sentinel URI \"" + display
                        + "\" names no master: add #master-name, e.g. redis-sentinel://host:26379#mymaster");
            }
        }
        Path ca = s.caFile();
        if (ca != null) {
            if (!nodes.getFirst().isSsl()) {
                throw new IllegalArgumentException("a TLS CA file is set but Redis URI \"" + display
                        + "\" does not use TLS: use rediss://");
            }
            if (!Files.isReadable(ca)) {
                throw new IllegalArgumentException("TLS CA file " + ca + " cannot be read");
            }
        }
        RedisTarget target = new RedisTarget(nodes, cluster, ca, s.commandTimeout(), display, Secrets.password(raw));
        String refusal = target.insecureRefusal(s);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        return target;
    }

    /**
     * Weakened TLS and a password in plain text to another machine are refused unless the
     * profile explicitly allows them (and then shows them as insecure).
     */
    String insecureRefusal(RedisSettings s) {
        if (tls() && !fullyVerified() && !s.insecureSkipVerify()) {
            return ("Redis URI \"" + display + "\" turns TLS certificate verification off (verifyPeer="
                    + nodes.getFirst().getVerifyMode() + "): anyone on the network path could pose as the server. Remove verifyPeer,"
                    + " or set insecureSkipVerify (\"Insecure: skip certificate verification\") in the profile");
        }
        if (!tls() && secret != null && !s.allowPlaintextPassword() && !remoteHosts().isEmpty()) {
            return ("refusing to send the Redis password in plain text to " + String.join(", ", remoteHosts())
                    + ", where anyone on the network can read it: use rediss://, or set allowPlaintextPassword"
                    + " (\"Insecure: send the Redis password without TLS\") in the profile");
        }
        return null;
    }

    /** A target for a ready-made lettuce URI (standalone or Sentinel). */
    static RedisTarget of(RedisURI uri, Duration commandTimeout) {
        uri.setTimeout(commandTimeout);
        String secret = null;
        try {
            RedisCredentials c = uri.getCredentialsProvider() == null ? null
                    : uri.getCredentialsProvider().resolveCredentials().block(Duration.ofSeconds(1));
            if (c != null && c.hasPassword()) {
                secret = new String(c.getPassword());
            }
        } catch (RuntimeException e) {
            // a dynamic credentials provider: nothing static to mask
        }
        return new RedisTarget(List.of(uri), false, null, commandTimeout, uri.toString(), secret);
    }

    /** {@code text} with the password masked. */
    public String scrub(String text) {
        return Secrets.scrubSecret(text, secret);
    }

    /** Lettuce reads "host:abc" as a host name; say plainly that the port is wrong. */
    private static void checkPorts(String raw, String display) {
        String userInfo = Secrets.userInfo(raw);
        int start = Secrets.schemeEnd(raw) + (userInfo == null ? 0 : userInfo.length() + 1);
        String authority = raw.substring(start);
        authority = authority.substring(0, firstOf(authority, "/?#"));
        for (String host : authority.split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && colon > host.lastIndexOf(']')) {
                String port = host.substring(colon + 1).trim();
                if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                    throw new IllegalArgumentException("Redis URI \"" + display + "\" has an invalid port \""
                            + RawText.abbreviate(port, 20) + "\"");
                }
            }
        }
    }

    private static RedisURI create(String uri, String display, String raw) {
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Redis URI \"" + display + "\" is not valid: "
                    + Secrets.scrubSecret(String.valueOf(e.getMessage()), Secrets.password(raw)));
        }
    }

    private static int firstOf(String s, String chars) {
        int end = s.length();
        for (char c : chars.toCharArray()) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return end;
    }

    @Override
    public String toString() {
        return "RedisTarget[" + display + (cluster ? ", cluster" : "") + "]";
    }
}
