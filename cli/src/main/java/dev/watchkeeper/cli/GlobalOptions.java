package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.model.audit.AuditLog;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.time.Duration;

/**
 * The one option set of Watchkeeper: every subcommand accepts these, before or after its name, and
 * the desktop console takes the same ones (with the same names and meanings) plus its own.
 */
public final class GlobalOptions {

    @Option(names = "--profile", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Connection profile to use (coordinator, Redis, read-only flag).")
    String profile;

    @Option(names = "--read-only", scope = ScopeType.INHERIT,
            description = "Refuse every command that changes an indexer (also set by read-only profiles).")
    boolean readOnly;

    @Option(names = "--coordinator", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Coordinator gRPC address (default: the profile's, else $WATCHKEEPER_COORDINATOR, else " + Endpoints.DEFAULT_COORDINATOR + ").")
    String coordinator;

    @Option(names = "--redis", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = "Redis URI the coordinator writes to (default: the profile's, else $WATCHKEEPER_REDIS, else " + Endpoints.DEFAULT_REDIS + ").")
    String redis;

    @Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, converter = DurationConverter.class,
            defaultValue = "60s", description = "How long a command waits for the observed state to confirm it (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    // --deadline-seconds: the console's earlier spelling, still accepted (a bare number reads as seconds)
    @Option(names = {"--deadline", "--deadline-seconds"}, paramLabel = "DURATION", scope = ScopeType.INHERIT, converter = DurationConverter.class,
            description = "Deadline of every gRPC call and of connecting to Redis (default: the profile's, else 5s).")
    Duration deadline;

    @Option(names = "--block-streamer", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Block streamer gRPC (default: the profile's; none: stream health unknown).")
    String blockStreamer;

    @Option(names = "--runner", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Runner gRPC (default: the profile's; none: executor health unknown).")
    String runner;

    @Option(names = "--history-url", paramLabel = "JDBC-URL", scope = ScopeType.INHERIT,
            description = "History store for record, history, status --at and incidents (default: the profile's \"history\" setting, else $WATCHKEEPER_HISTORY_URL, else the profile's SQLite file"
                    + " ~/.local/share/watchkeeper/history/<profile>.db); e.g. jdbc:postgresql://db/watchkeeper, user and password"
                    + " in $WATCHKEEPER_HISTORY_USER and $WATCHKEEPER_HISTORY_PASSWORD.")
    String historyUrl;

    /**
     * Resolves endpoints: explicit options, then the profile, then the environment, then upstream
     * defaults. The profile's TLS, token and poll settings stay with its addresses.
     */
    public Endpoints endpoints() {
        return endpoints(problem -> {
        });
    }

    /** As {@link #endpoints()}; {@code warn} hears problems of the profiles file (e.g. secrets that others can read). */
    public Endpoints endpoints(java.util.function.Consumer<String> warn) {
        ConnectionProfile p = profile == null ? null : Profiles.load(profile, warn);
        Endpoint c;
        if (coordinator != null) {
            c = Endpoint.plaintext(coordinator);
        } else if (p != null) {
            c = p.coordinator();
        } else {
            c = Endpoint.plaintext(first(System.getenv("WATCHKEEPER_COORDINATOR"), Endpoints.DEFAULT_COORDINATOR));
        }
        RedisSettings r;
        if (redis != null) {
            r = RedisSettings.of(redis);
        } else if (p != null) {
            r = p.redis();
        } else {
            r = RedisSettings.of(first(System.getenv("WATCHKEEPER_REDIS"), Endpoints.DEFAULT_REDIS));
        }
        String invalid = r.validationError();
        if (invalid != null) {
            throw CliFailure.usage("bad Redis URI " + Endpoints.redact(r.uri()) + ": " + invalid);
        }
        Endpoint bs = blockStreamer != null ? Endpoint.plaintext(blockStreamer) : p == null ? null : p.blockStreamer();
        Endpoint rn = runner != null ? Endpoint.plaintext(runner) : p == null ? null : p.runner();
        return new Endpoints(profile, deadline == null ? c : c.withDeadline(deadline), r, readOnly || (p != null && p.readOnly()),
                bs == null || deadline == null ? bs : bs.withDeadline(deadline), rn == null || deadline == null ? rn : rn.withDeadline(deadline));
    }

    /** --profile, or null. */
    public String profile() {
        return profile;
    }

    /** --read-only. */
    public boolean readOnly() {
        return readOnly;
    }

    /** --coordinator, or null. */
    public String coordinator() {
        return coordinator;
    }

    /** --redis, or null. */
    public String redis() {
        return redis;
    }

    /** --deadline, or null for the profile's (else {@link Endpoint#DEFAULT_DEADLINE}). */
    public Duration deadline() {
        return deadline;
    }

    /** --block-streamer, or null. */
    public String blockStreamer() {
        return blockStreamer;
    }

    /** --runner, or null. */
    public String runner() {
        return runner;
    }

    /** --timeout: how long a command waits for the observed state to confirm it. */
    public Duration timeout() {
        return timeout;
    }

    /** Where the profile's history is kept (see docs/history.md). */
    dev.watchkeeper.history.StoreLocation historyLocation() {
        boolean explicit = historyUrl != null && !historyUrl.isBlank();
        return HistoryStores.location(historyUrl, profile, explicit || profile == null ? null : Profiles.historyOf(profile));
    }

    /**
     * The audit log the console writes too. There is no option to write it elsewhere: entries
     * sent to a file of the caller's choosing would never be seen next to the console's.
     */
    public AuditLog auditLog() {
        return AuditLog.atDefaultLocation();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
