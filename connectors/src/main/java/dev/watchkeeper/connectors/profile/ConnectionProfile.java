package dev.watchkeeper.connectors.profile;

import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.redis.RedisSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A named way to reach one control plane: the coordinator, the optional block streamer and runner,
 * and Redis. Values may hold {@code ${ENV_VAR}} references, expanded by {@link #resolve} when a
 * connection opens.
 *
 * @param blockStreamer      null when not configured (stream health then shows as unknown)
 * @param runner             null when not configured (executor health then shows as unknown)
 * @param healthPollInterval how often the block streamer and runner are polled
 * @param readOnly           no command may be sent through this profile
 * @param storeSecrets       write tokens and Redis passwords to the profile file (then readable by the owner only)
 * @param observability      logs database, metrics endpoints, Prometheus and pooler core API; never null
 * @param history            where the profile's fleet history is kept; never null ({@link HistorySettings#NONE}: the default)
 */
public record ConnectionProfile(String name, Endpoint coordinator, Endpoint blockStreamer, Endpoint runner, RedisSettings redis,
                                Duration healthPollInterval, boolean readOnly, boolean storeSecrets,
                                ObservabilitySettings observability, HistorySettings history) {

    public static final String LOCAL_DEMO = "local demo";
    /**
     * How a security warning starts when the profile explicitly allows something insecure
     * (skipping certificate checks, a secret without TLS): shown in red while connected.
     */
    public static final String INSECURE = dev.watchkeeper.connectors.Insecure.PREFIX;
    public static final Duration DEFAULT_HEALTH_POLL = Duration.ofSeconds(5);

    public ConnectionProfile {
        if (name == null || name.isBlank()) {
            throw new ProfileException("a profile needs a name");
        }
        name = name.strip();
        if (coordinator == null) {
            throw new ProfileException("profile '" + name + "' needs a coordinator endpoint");
        }
        if (redis == null || redis.uri() == null || redis.uri().isBlank()) {
            throw new ProfileException("profile '" + name + "' needs a Redis URI");
        }
        healthPollInterval = healthPollInterval == null ? DEFAULT_HEALTH_POLL : healthPollInterval;
        if (healthPollInterval.isNegative() || healthPollInterval.isZero()) {
            throw new ProfileException("profile '" + name + "': health poll interval must be positive");
        }
        observability = observability == null ? ObservabilitySettings.NONE : observability;
        history = history == null ? HistorySettings.NONE : history;
    }

    public ConnectionProfile(String name, Endpoint coordinator, Endpoint blockStreamer, Endpoint runner, RedisSettings redis,
                             Duration healthPollInterval, boolean readOnly, boolean storeSecrets, ObservabilitySettings observability) {
        this(name, coordinator, blockStreamer, runner, redis, healthPollInterval, readOnly, storeSecrets, observability, HistorySettings.NONE);
    }

    public ConnectionProfile(String name, Endpoint coordinator, Endpoint blockStreamer, Endpoint runner, RedisSettings redis,
                             Duration healthPollInterval, boolean readOnly, boolean storeSecrets) {
        this(name, coordinator, blockStreamer, runner, redis, healthPollInterval, readOnly, storeSecrets, ObservabilitySettings.NONE);
    }

    public ConnectionProfile withObservability(ObservabilitySettings o) {
        return new ConnectionProfile(name, coordinator, blockStreamer, runner, redis, healthPollInterval, readOnly, storeSecrets, o, history);
    }

    public ConnectionProfile withHistory(HistorySettings h) {
        return new ConnectionProfile(name, coordinator, blockStreamer, runner, redis, healthPollInterval, readOnly, storeSecrets, observability, h);
    }

    public ConnectionProfile(String name, Endpoint coordinator, Endpoint blockStreamer, Endpoint runner, RedisSettings redis, boolean readOnly) {
        this(name, coordinator, blockStreamer, runner, redis, DEFAULT_HEALTH_POLL, readOnly, false);
    }

    /** The built-in profile for a control plane on this machine at the upstream default ports. */
    public static ConnectionProfile localDemo() {
        return new ConnectionProfile(LOCAL_DEMO,
                Endpoint.plaintext("127.0.0.1:9003"),
                Endpoint.plaintext("127.0.0.1:8002"),
                Endpoint.plaintext("127.0.0.1:7001"),
                new RedisSettings("redis://127.0.0.1:6379", Duration.ofSeconds(2), null),
                DEFAULT_HEALTH_POLL, false, false);
    }

    /**
     * A copy with every ${ENV} reference expanded from {@code env} (e.g. System::getenv).
     *
     * @throws ProfileException naming the profile, field and variable when a variable is unset
     */
    public ConnectionProfile resolve(Function<String, String> env) {
        return new ConnectionProfile(name,
                expand(coordinator, "coordinator", env),
                expand(blockStreamer, "blockStreamer", env),
                expand(runner, "runner", env),
                new RedisSettings(EnvReferences.expand(redis.uri(), env, where("redis.uri")), redis.pollInterval(),
                        EnvReferences.expand(redis.snapshotterNamespace(), env, where("redis.snapshotterNamespace")),
                        redis.cluster(),
                        redis.caFile() == null ? null : Path.of(EnvReferences.expand(redis.caFile().toString(), env, where("redis.caFile"))),
                        redis.commandTimeout(), redis.insecureSkipVerify(), redis.allowPlaintextPassword()),
                healthPollInterval, readOnly, storeSecrets, observability.resolve(env, name), history.resolve(env, name));
    }

    private Endpoint expand(Endpoint e, String field, Function<String, String> env) {
        Endpoint tokenExpanded = e == null ? null : e.map(v -> EnvReferences.expand(v, env, where(field)),
                t -> EnvReferences.expand(t, env, where(field + ".bearerToken")));
        return tokenExpanded == null ? null : tokenExpanded.withClientKeyPassphrase(
                EnvReferences.expand(e.clientKeyPassphrase(), env, where(field + ".clientKeyPassphrase")));
    }

    private String where(String field) {
        return "profile '" + name + "' " + field;
    }

    /**
     * What in this profile exposes traffic or secrets on the network (plaintext gRPC or Redis to a
     * host that is not this machine), one sentence each, for the operator to see before and while
     * connected. Judged on the values as they stand: resolve ${ENV} references first for the real targets.
     */
    public List<String> securityWarnings() {
        List<String> out = new ArrayList<>();
        addWarning(out, "coordinator", coordinator);
        addWarning(out, "block streamer", blockStreamer);
        addWarning(out, "runner", runner);
        String r = redis.securityWarning();
        if (r != null) {
            out.add(r);
        }
        out.addAll(observability.securityWarnings());
        return out;
    }

    private static void addWarning(List<String> out, String role, Endpoint e) {
        String w = e == null ? null : e.securityWarning();
        if (w != null) {
            out.add(role + ": " + w);
        }
    }

    /**
     * Why this profile would be refused when it connects (a secret in plain text to another
     * machine, TLS verification off) unless it opts in to the insecure setting; empty when none.
     * Judged on the values as they stand.
     */
    public List<String> insecureRefusals() {
        List<String> out = new ArrayList<>();
        for (Endpoint e : new Endpoint[]{coordinator, blockStreamer, runner}) {
            String r = e == null ? null : e.plaintextTokenRefusal();
            if (r != null) {
                out.add(r);
            }
        }
        String r = redis.insecureRefusal();
        if (r != null) {
            out.add(r);
        }
        return out;
    }

    /** True for a warning about a setting the profile explicitly allows although it is insecure (see {@link #INSECURE}). */
    public static boolean isInsecure(String warning) {
        return dev.watchkeeper.connectors.Insecure.is(warning);
    }

    /** The secrets written in plain text in this profile (tokens, Redis password), as field names. */
    public List<String> plainSecrets() {
        List<String> out = new ArrayList<>();
        addIfPlain(out, "coordinator.bearerToken", coordinator.bearerToken());
        addIfPlain(out, "blockStreamer.bearerToken", blockStreamer == null ? null : blockStreamer.bearerToken());
        addIfPlain(out, "runner.bearerToken", runner == null ? null : runner.bearerToken());
        addIfPlain(out, "coordinator.clientKeyPassphrase", coordinator.clientKeyPassphrase());
        addIfPlain(out, "blockStreamer.clientKeyPassphrase", blockStreamer == null ? null : blockStreamer.clientKeyPassphrase());
        addIfPlain(out, "runner.clientKeyPassphrase", runner == null ? null : runner.clientKeyPassphrase());
        addIfPlain(out, "redis.uri password", RedisUris.password(redis.uri()));
        addIfPlain(out, "observability.logsDatabasePassword", observability.logsDatabasePassword());
        addIfPlain(out, "history.password", history.password());
        addIfPlain(out, "history.url password", history.urlPassword());
        return out;
    }

    private static void addIfPlain(List<String> out, String field, String value) {
        if (value != null && !EnvReferences.onlyReferences(value)) {
            out.add(field);
        }
    }

    /** A copy without plain-text secrets (${ENV} references are kept: they reveal nothing). */
    public ConnectionProfile withoutPlainSecrets() {
        return new ConnectionProfile(name, strip(coordinator), strip(blockStreamer), strip(runner),
                new RedisSettings(stripPassword(redis.uri()), redis.pollInterval(), redis.snapshotterNamespace(),
                        redis.cluster(), redis.caFile(), redis.commandTimeout(), redis.insecureSkipVerify(), redis.allowPlaintextPassword()),
                healthPollInterval, readOnly, storeSecrets,
                observability.map(v -> v, t -> t == null || EnvReferences.onlyReferences(t) ? t : null),
                history.withoutPlainSecrets());
    }

    private static Endpoint strip(Endpoint e) {
        return e == null ? null : e.map(v -> v, t -> EnvReferences.onlyReferences(t) ? t : null);
    }

    private static String stripPassword(String uri) {
        String password = RedisUris.password(uri);
        if (password == null || EnvReferences.onlyReferences(password)) {
            return uri;
        }
        // "redis://secret@host" loses the whole user-info part; "redis://user:secret@host" keeps the user
        return RedisUris.replacePassword(uri, "").replace("://@", "://");
    }

    @Override
    public String toString() {
        return "ConnectionProfile[" + name + ", coordinator " + coordinator + ", blockStreamer " + blockStreamer + ", runner " + runner
                + ", redis " + RedisUris.redact(redis.uri()) + (readOnly ? ", read-only" : "") + "]";
    }
}
