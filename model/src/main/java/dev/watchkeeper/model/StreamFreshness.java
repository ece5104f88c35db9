package dev.watchkeeper.model;

import java.time.Duration;
import java.time.Instant;

/**
 * How current a block stream's health report is: the one rule every view and the attention rules
 * use. Upstream's block streamer stamps each report with {@code updated_at}; a report older than
 * {@link StreamHealth#STALE_AFTER_SECONDS} is stale, a stream with no {@code updated_at} reports
 * no health at all (upstream treats both as unhealthy and restarts the stream after 600 s).
 *
 * @param state what the report's age means
 * @param age   how old the report is (zero unless {@link State#FRESH} or {@link State#STALE})
 */
public record StreamFreshness(State state, Duration age) {

    public enum State {
        /** No stream known for the indexer (no block streamer, or it has no such stream). */
        UNKNOWN,
        /** The stream exists but carries no health timestamp. */
        NO_REPORT,
        /** Reported within the last {@link StreamHealth#STALE_AFTER_SECONDS}. */
        FRESH,
        /** Reported longer ago than that. */
        STALE
    }

    /** @param updatedAtSecs the report's {@code updated_at} in epoch seconds, 0 or less for none */
    public static StreamFreshness of(StreamHealth health, long updatedAtSecs, Instant now) {
        if (health == null || health == StreamHealth.UNKNOWN) {
            return new StreamFreshness(State.UNKNOWN, Duration.ZERO);
        }
        if (updatedAtSecs <= 0) {
            return new StreamFreshness(State.NO_REPORT, Duration.ZERO);
        }
        Duration age = Duration.ofSeconds(Math.max(0, now.getEpochSecond() - updatedAtSecs));
        return new StreamFreshness(age.toSeconds() > StreamHealth.STALE_AFTER_SECONDS ? State.STALE : State.FRESH, age);
    }

    /** The report cannot be trusted as current: stale or missing. */
    public boolean doubtful() {
        return state == State.STALE || state == State.NO_REPORT;
    }
}
