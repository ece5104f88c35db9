package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's unhealthy-restart rule, as the console can see it. The coordinator's Running handler
 * (near/queryapi coordinator/src/lifecycle.rs, {@code handle_running}) treats a block stream as
 * unhealthy when its health is missing, older than 180 s or STALLED
 * ({@code handlers/block_streams.rs} {@code is_healthy}) and an executor when it is STALLED or has
 * no health ({@code handlers/executors.rs} {@code is_healthy}); it then sleeps 600 s inside that
 * indexer's loop before restarting, and afterwards writes back the state it read before the sleep.
 * While it sleeps, a Disable is stored but not acted on, and the write-back can revert it.
 */
public final class UpstreamRestart {

    /** {@code RESTART_TIMEOUT_SECONDS} in lifecycle.rs. */
    public static final Duration WAIT = Duration.ofSeconds(600);

    private UpstreamRestart() {
    }

    /**
     * Why upstream's coordinator considers this indexer unhealthy and restarts it after its 600-s
     * wait, in words ("its block stream is STALLED"); null when it does not, or when the console
     * cannot tell (no block streamer or runner configured).
     */
    public static String unhealthyBecause(IndexerObservation o, Instant now) {
        if (o.state().lifecycle() != LifecycleState.RUNNING || Boolean.FALSE.equals(o.state().enabled())) {
            return null;
        }
        if (o.stream() != StreamHealth.UNKNOWN) {
            if (o.stream() == StreamHealth.STALLED) {
                return "its block stream is STALLED";
            }
            if (o.streamUpdatedAtSecs() <= 0) {
                return "its block stream reports no health";
            }
            long age = now.getEpochSecond() - o.streamUpdatedAtSecs();
            if (age > StreamHealth.STALE_AFTER_SECONDS) {
                return "its block stream's health is " + HumanDuration.format(Duration.ofSeconds(age))
                        + " old (stale after " + StreamHealth.STALE_AFTER_SECONDS + " s)";
            }
        }
        if (o.executor() == ExecutorHealth.STALLED) {
            return "its executor is STALLED";
        }
        return null;
    }
}
