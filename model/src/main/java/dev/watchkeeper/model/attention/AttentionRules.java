package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an indexer needs an operator and says why in one line. The thresholds follow
 * upstream: stream health older than 180 s is stale (the coordinator restarts it after 600 s).
 */
public final class AttentionRules {

    /** Longest expected delay between a block being published and the console observing it (poll interval and batching). */
    static final long OBSERVATION_LAG_SECONDS = 10;


    /** An indexer should leave Initializing/Suspending/Deleting within seconds (upstream loops once a second). */
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(2);

    private final Duration stuckAfter;
    private final DateTimeFormatter hms;

    public AttentionRules(Duration stuckAfter, ZoneId zone) {
        this.stuckAfter = stuckAfter;
        this.hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    }

    public static AttentionRules defaults() {
        return new AttentionRules(DEFAULT_STUCK_AFTER, ZoneId.systemDefault());
    }

    /** The most urgent problem of {@code o} at {@code now}, with a count of the others; empty when fine. */
    public Optional<AttentionItem> evaluate(IndexerObservation o, Instant now) {
        List<AttentionItem> all = problems(o, now);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        AttentionItem top = all.stream().min(Comparator.comparing(AttentionItem::kind)).orElseThrow();
        return Optional.of(new AttentionItem(top.id(), top.kind(), top.reason(), top.since(), all.size() - 1));
    }

    /** Every problem of {@code o}, in rule order. */
    public List<AttentionItem> problems(IndexerObservation o, Instant now) {
        List<AttentionItem> out = new ArrayList<>();
        LifecycleState life = o.state().lifecycle();
        if (life == LifecycleState.DELETED) {
            return out;
        }
        var id = o.state().id();
        if (life == LifecycleState.REPAIRING) {
            out.add(new AttentionItem(id, AttentionKind.REPAIRING,
                    "Repairing for " + atLeast(o) + since(o.stateSince(), now) + "; provisioning failed, needs Repair", o.stateSince(), 0));
        }
        if (o.stream() == StreamHealth.STALLED) {
            String reason;
            if (o.lastBlockChangedAt() == null) {
                reason = "stream STALLED since " + at(o.streamHealthSince());
            } else if (o.streamUpdatedAtSecs() > 0
                    && o.lastBlockChangedAt().getEpochSecond() > o.streamUpdatedAtSecs() + OBSERVATION_LAG_SECONDS) {
                // Upstream re-checks health every 120 s: blocks can move again before the verdict does.
                // Block changes are observed by polling, so only a change well after the verdict counts.
                reason = "stream reported STALLED at " + at(Instant.ofEpochSecond(o.streamUpdatedAtSecs()))
                        + ", but blocks moved since (last " + since(o.lastBlockChangedAt(), now) + " ago); health re-checked every 120 s";
            } else {
                reason = "no block published for " + since(o.lastBlockChangedAt(), now) + " (stream STALLED)";
            }
            out.add(new AttentionItem(id, AttentionKind.STALLED_STREAM, reason, o.streamHealthSince(), 0));
        }
        if (o.executor() == ExecutorHealth.STALLED) {
            out.add(new AttentionItem(id, AttentionKind.STALLED_EXECUTOR,
                    "executor STALLED since " + at(o.executorHealthSince()) + " (worker died)", o.executorHealthSince(), 0));
        }
        if (o.stream() != StreamHealth.UNKNOWN) {
            if (o.streamUpdatedAtSecs() <= 0) {
                out.add(new AttentionItem(id, AttentionKind.STALE_HEALTH, "block stream reports no health", o.streamHealthSince(), 0));
            } else {
                long age = now.getEpochSecond() - o.streamUpdatedAtSecs();
                if (age > StreamHealth.STALE_AFTER_SECONDS) {
                    out.add(new AttentionItem(id, AttentionKind.STALE_HEALTH,
                            "stream health not updated for " + HumanDuration.format(Duration.ofSeconds(age))
                                    + " (stale after " + StreamHealth.STALE_AFTER_SECONDS + " s)",
                            Instant.ofEpochSecond(o.streamUpdatedAtSecs()), 0));
                }
            }
        }
        if (o.executor() == ExecutorHealth.FAILING) {
            out.add(new AttentionItem(id, AttentionKind.FAILING_EXECUTOR,
                    "executor FAILING since " + at(o.executorHealthSince()) + " (a block keeps throwing)", o.executorHealthSince(), 0));
        }
        if (life.isTransitional() && o.stateSince() != null
                && Duration.between(o.stateSince(), now).compareTo(stuckAfter) > 0) {
            out.add(new AttentionItem(id, AttentionKind.STUCK_TRANSITION,
                    "stuck in " + life.label() + " for " + atLeast(o) + since(o.stateSince(), now), o.stateSince(), 0));
        }
        if (life == LifecycleState.UNKNOWN) {
            out.add(new AttentionItem(id, AttentionKind.UNKNOWN_STATE,
                    "unknown lifecycle state: " + o.state().lifecycleText(), o.stateSince(), 0));
        } else if (!o.state().isReadable()) {
            out.add(new AttentionItem(id, AttentionKind.UNKNOWN_STATE,
                    "state partly unreadable: " + o.state().problem(), o.stateSince(), 0));
        }
        return out;
    }

    private static String atLeast(IndexerObservation o) {
        return o.stateSinceExact() ? "" : "at least ";
    }

    private static String since(Instant from, Instant now) {
        return from == null ? "an unknown time" : HumanDuration.format(Duration.between(from, now));
    }

    private String at(Instant t) {
        return t == null ? "an unknown time" : hms.format(t);
    }
}
