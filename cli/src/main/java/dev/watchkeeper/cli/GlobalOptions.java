package dev.watchkeeper.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.time.Duration;

/** Options every subcommand accepts, before or after the subcommand's name. */
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

    @Option(names = "--deadline", paramLabel = "DURATION", scope = ScopeType.INHERIT, converter = DurationConverter.class,
            defaultValue = "5s", description = "Deadline of every gRPC call and of connecting to Redis (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--audit-log", paramLabel = "FILE", scope = ScopeType.INHERIT, hidden = true,
            description = "Audit log file (default: the shared audit log).")
    Path auditLog;

    /** Resolves endpoints: explicit options, then the profile, then the environment, then upstream defaults. */
    public Endpoints endpoints() {
        ProfileLookup.Profile p = profile == null ? null : ProfileLookup.load(profile);
        String c = first(coordinator, p == null ? null : p.coordinator(), System.getenv("WATCHKEEPER_COORDINATOR"), Endpoints.DEFAULT_COORDINATOR);
        String r = first(redis, p == null ? null : p.redis(), System.getenv("WATCHKEEPER_REDIS"), Endpoints.DEFAULT_REDIS);
        return new Endpoints(profile, c, r, readOnly || (p != null && p.readOnly()));
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
