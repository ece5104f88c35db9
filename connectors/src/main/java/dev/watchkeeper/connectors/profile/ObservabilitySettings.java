package dev.watchkeeper.connectors.profile;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where a profile reads what upstream exposes read-only besides gRPC and Redis, every part optional
 * (null when not configured): the indexers' PostgreSQL (logs and metadata), the block streamer's
 * and runner's Prometheus {@code /metrics}, a Prometheus server for history, the pooler core API.
 * Values may hold {@code ${ENV_VAR}} references.
 *
 * @param logsDatabaseUrl      {@code jdbc:postgresql://HOST:PORT?sslmode=...} or {@code postgresql://HOST:PORT}, no database
 * @param logsDatabaseUser     read-only role; null logs in as each account's own role, as the runner does
 * @param logsDatabasePassword a secret: written to the file only with storeSecrets, like tokens
 * @param metricsInterval      how often the metrics endpoints are scraped
 */
public record ObservabilitySettings(String logsDatabaseUrl, String logsDatabaseUser, String logsDatabasePassword,
                                    String blockStreamerMetricsUrl, String runnerMetricsUrl, String prometheusUrl,
                                    String poolerApiUrl, Duration metricsInterval) {

    public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(15);
    public static final ObservabilitySettings NONE = new ObservabilitySettings(null, null, null, null, null, null, null, null);

    public ObservabilitySettings {
        logsDatabaseUrl = blankToNull(logsDatabaseUrl);
        logsDatabaseUser = blankToNull(logsDatabaseUser);
        logsDatabasePassword = logsDatabasePassword == null || logsDatabasePassword.isEmpty() ? null : logsDatabasePassword;
        blockStreamerMetricsUrl = httpUrl(blockStreamerMetricsUrl, "blockStreamerMetricsUrl");
        runnerMetricsUrl = httpUrl(runnerMetricsUrl, "runnerMetricsUrl");
        prometheusUrl = httpUrl(prometheusUrl, "prometheusUrl");
        poolerApiUrl = httpUrl(poolerApiUrl, "poolerApiUrl");
        metricsInterval = metricsInterval == null ? DEFAULT_METRICS_INTERVAL : metricsInterval;
        if (metricsInterval.isNegative() || metricsInterval.isZero()) {
            throw new ProfileException("metrics interval must be positive");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** An http(s) URL, or a ${ENV} reference to one (checked once expanded). */
    private static String httpUrl(String s, String field) {
        String v = blankToNull(s);
        if (v == null || EnvReferences.onlyReferences(v) || v.contains("${")) {
            return v;
        }
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(field + " is not a URL: '" + v + "'", e);
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new ProfileException(field + " must be an http:// or https:// URL (got '" + v + "')");
        }
        return v;
    }

    public boolean hasLogsDatabase() {
        return logsDatabaseUrl != null;
    }

    public boolean hasMetrics() {
        return blockStreamerMetricsUrl != null || runnerMetricsUrl != null;
    }

    /** A copy with every value passed through {@code f} (password through {@code secret}). */
    ObservabilitySettings map(UnaryOperator<String> f, UnaryOperator<String> secret) {
        return new ObservabilitySettings(f.apply(logsDatabaseUrl), f.apply(logsDatabaseUser), secret.apply(logsDatabasePassword),
                f.apply(blockStreamerMetricsUrl), f.apply(runnerMetricsUrl), f.apply(prometheusUrl), f.apply(poolerApiUrl), metricsInterval);
    }

    ObservabilitySettings resolve(Function<String, String> env, String profile) {
        return map(v -> v == null ? null : EnvReferences.expand(v, env, "profile '" + profile + "' observability"),
                v -> v == null ? null : EnvReferences.expand(v, env, "profile '" + profile + "' observability.logsDatabasePassword"));
    }

    /** Plain-text traffic to another machine, one sentence each (TLS for PostgreSQL is an sslmode parameter). */
    List<String> securityWarnings() {
        List<String> out = new ArrayList<>();
        if (logsDatabaseUrl != null && !logsDatabaseUrl.contains("sslmode=") && !local(logsDatabaseUrl)) {
            out.add("logs database: no sslmode in the URL, the password and logs may cross the network in plain text");
        }
        for (String u : new String[]{blockStreamerMetricsUrl, runnerMetricsUrl, prometheusUrl, poolerApiUrl}) {
            if (u != null && u.startsWith("http://") && !local(u)) {
                out.add(u + ": plain HTTP to a remote host");
            }
        }
        return out;
    }

    private static boolean local(String url) {
        try {
            String host = URI.create(url.replaceFirst("^jdbc:", "")).getHost();
            return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
