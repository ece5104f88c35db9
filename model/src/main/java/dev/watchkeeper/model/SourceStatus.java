package dev.watchkeeper.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The connection state of one source and how fresh its data is.
 *
 * @param lastConfirmed when data from this source was last confirmed current (null: never)
 * @param nextRetry     when RECONNECTING, the next attempt (else null)
 * @param mode          how updates arrive, e.g. "live (keyspace notifications)" or "polling every 2 s"
 * @param message       last error or note for the operator, null when none
 */
public record SourceStatus(
        Source source,
        ConnectionState state,
        Instant since,
        Instant lastConfirmed,
        Instant nextRetry,
        String mode,
        String message) {

    public SourceStatus {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public static SourceStatus notConfigured(Source source, Instant now) {
        return new SourceStatus(source, ConnectionState.NOT_CONFIGURED, now, null, null, null, "not configured");
    }

    public SourceStatus confirmed(Instant at) {
        return new SourceStatus(source, state, since, at, nextRetry, mode, message);
    }
}
