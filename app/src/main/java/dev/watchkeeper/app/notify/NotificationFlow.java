package dev.watchkeeper.app.notify;

import javafx.beans.value.ObservableValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Keeps notifications from flooding the window: muted kinds are dropped; past
 * {@link #PER_MINUTE} a minute the rest are collapsed into one summary ("12 new problems — open
 * Attention") on the next clock tick, and while a summary is less than a minute old everything
 * else joins the next one. Incidents are never collapsed (there is one notification per incident
 * already) but count towards the rate. FX thread only; the clock is the session's shared tick.
 */
public final class NotificationFlow implements Notifier {

    /** The kind of incident notifications (mutable like any other). */
    public static final String INCIDENTS = "Incidents";
    /** More than this many a minute are collapsed. */
    public static final int PER_MINUTE = 3;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Notifier out;
    private final ObservableValue<Instant> now;
    private final MutedKinds muted;
    private final Runnable openAttention;
    private final Deque<Instant> shown = new ArrayDeque<>();
    /** Kind → count of notifications waiting for the next summary. */
    private final Map<String, Integer> pending = new TreeMap<>();
    private Instant lastSummary;

    /**
     * @param out           where notifications appear
     * @param openAttention what clicking the summary does
     */
    public NotificationFlow(Notifier out, ObservableValue<Instant> now, MutedKinds muted, Runnable openAttention) {
        this.out = out;
        this.now = now;
        this.muted = muted;
        this.openAttention = openAttention;
        now.addListener((obs, o, t) -> tick(t));
    }

    @Override
    public void show(String title, String text, Runnable onClick) {
        show(null, title, text, onClick);
    }

    @Override
    public void show(String kind, String title, String text, Runnable onClick) {
        if (kind != null && muted.contains(kind)) {
            return;
        }
        Instant at = at();
        forget(at);
        boolean flooding = shown.size() >= PER_MINUTE || (lastSummary != null && lastSummary.plus(WINDOW).isAfter(at));
        if (flooding && !INCIDENTS.equals(kind)) {
            pending.merge(kind == null ? "other" : kind, 1, Integer::sum);
            return;
        }
        shown.addLast(at);
        out.show(kind, title, text, onClick);
    }

    /** Notifications waiting for the next summary (tests). */
    public int pending() {
        return pending.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void tick(Instant t) {
        if (t == null || pending.isEmpty()) {
            return;
        }
        int n = pending();
        String breakdown = pending.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", "));
        pending.clear();
        lastSummary = t;
        shown.addLast(t);
        out.show(null, summaryTitle(n), breakdown + ". More than " + PER_MINUTE
                + " a minute are collapsed into one like this; the Attention view has them all.", openAttention);
    }

    static String summaryTitle(int n) {
        return n + (n == 1 ? " new problem" : " new problems") + " — open Attention";
    }

    private void forget(Instant at) {
        while (!shown.isEmpty() && !shown.getFirst().plus(WINDOW).isAfter(at)) {
            shown.removeFirst();
        }
    }

    private Instant at() {
        return now.getValue() == null ? Instant.now() : now.getValue();
    }
}
