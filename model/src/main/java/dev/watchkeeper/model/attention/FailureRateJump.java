package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.IndexerId;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Attention from the runner's metrics where they say more than Redis: an executor whose share of
 * failed executions jumped. Redis only says FAILING once upstream's runner decides so; the
 * metrics show the failures as they happen. Fed one window's failure rate per indexer (failed /
 * all executions between two scrapes); the baseline is a slow moving average of earlier windows.
 * Flags a window at or above {@link #JUMP_TO} after a baseline below {@link #FROM}; the flag stays
 * while the rate stays at or above {@link #CLEAR_BELOW}. Not thread-safe: one caller (the FX thread).
 */
public final class FailureRateJump {

    /** A baseline below this counts as healthy. */
    public static final double FROM = 0.10;
    /** A window at or above this after a healthy baseline is a jump. */
    public static final double JUMP_TO = 0.50;
    /** A flagged indexer is cleared when a window falls below this. */
    public static final double CLEAR_BELOW = 0.25;
    /** Weight of the newest window in the baseline. */
    static final double ALPHA = 0.2;

    private record Track(double baseline, boolean seen, AttentionItem flagged) {
    }

    private final Map<IndexerId, Track> tracks = new HashMap<>();

    /**
     * One window's failure rates ({@code null}: no executions in the window, which changes nothing).
     * Indexers absent from {@code rates} are forgotten.
     */
    public void update(Map<IndexerId, Double> rates, Instant at) {
        tracks.keySet().retainAll(rates.keySet());
        rates.forEach((id, rate) -> {
            if (rate == null || rate.isNaN()) {
                tracks.putIfAbsent(id, new Track(0, false, null));
                return;
            }
            Track t = tracks.get(id);
            if (t == null || !t.seen()) {
                // the first window is the baseline: a jump needs a healthy window before it
                tracks.put(id, new Track(rate, true, null));
                return;
            }
            AttentionItem flagged = t.flagged();
            if (flagged == null && rate >= JUMP_TO && t.baseline() < FROM) {
                flagged = new AttentionItem(id, AttentionKind.FAILURE_RATE_JUMP, String.format(Locale.ROOT,
                        "failed executions rose from %.0f%% to %.0f%% (runner metrics)", t.baseline() * 100, rate * 100), at, 0);
            } else if (flagged != null && rate < CLEAR_BELOW) {
                flagged = null;
            } else if (flagged != null) {
                flagged = new AttentionItem(id, flagged.kind(), flagged.reason().replaceFirst(" to \\d+% ", String.format(Locale.ROOT,
                        " to %.0f%% ", rate * 100)), flagged.since(), 0);
            }
            // a flagged window does not raise the baseline: the jump stays measured from before it
            double baseline = flagged == null ? t.baseline() + ALPHA * (rate - t.baseline()) : t.baseline();
            tracks.put(id, new Track(baseline, true, flagged));
        });
    }

    public Optional<AttentionItem> item(IndexerId id) {
        Track t = tracks.get(id);
        return t == null ? Optional.empty() : Optional.ofNullable(t.flagged());
    }
}
