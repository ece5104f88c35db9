package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamFreshness;
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
    private final ZoneId zone;
    private final DateTimeFormatter hms;
    private final CoordinatorKind coordinator;

    public AttentionRules(Duration stuckAfter, ZoneId zone) {
        this(stuckAfter, zone, CoordinatorKind.UNKNOWN);
    }

    /**
     * @param coordinator the kind of coordinator: what a lifecycle state means (upstream's Deleting
     *                    is final) and which upstream quirks the reasons may name
     */
    public AttentionRules(Duration stuckAfter, ZoneId zone, CoordinatorKind coordinator) {
        this.stuckAfter = stuckAfter;
        this.zone = zone;
        this.hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
        this.coordinator = coordinator;
    }

    /** The same rules for another kind of coordinator. */
    public AttentionRules withCoordinator(CoordinatorKind kind) {
        return kind == coordinator ? this : new AttentionRules(stuckAfter, zone, kind);
    }

    public CoordinatorKind coordinator() {
        return coordinator;
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
        IndexerState state = o.state();
        if (state.isFinal(coordinator)) {
            // upstream never writes Deleted: a Deleting key stays forever and means "deleted"
            return out;
        }
        var id = state.id();
        if (state.isMissing()) {
            out.add(new AttentionItem(id, AttentionKind.MISSING_STATE,
                    "listed in indexer_states, but its :state key has no value; upstream's coordinator will not start"
                            + " while this member is there (list_indexer_states fails in migrate())", o.stateSince(), 0));
            return out;
        }
        if (state.readability() == IndexerState.Readability.UNREADABLE) {
            out.add(new AttentionItem(id, AttentionKind.UNREADABLE_STATE,
                    "state value unreadable: " + state.problem() + "; the coordinator cannot parse it either, so it does not"
                            + " manage this indexer (and upstream's will not start) until the value is fixed", o.stateSince(), 0));
        }
        LifecycleState life = state.lifecycle();
        boolean upstream = coordinator == CoordinatorKind.UPSTREAM;
        String restart = upstream ? UpstreamRestart.unhealthyBecause(o, now) : null;
        String restartNote = restart == null ? "" : "; upstream's coordinator restarts it after a 600-s wait";
        if (life == LifecycleState.REPAIRING) {
            String next = coordinator.mayBeUpstream()
                    ? "; upstream's coordinator has no Repair and leaves it there until someone intervenes"
                    : "; needs Repair";
            out.add(new AttentionItem(id, AttentionKind.REPAIRING,
                    "Repairing for " + atLeast(o) + since(o.stateSince(), now) + ": provisioning failed" + next, o.stateSince(), 0));
        }
        if (o.stream() == StreamHealth.STALLED) {
            String reason;
            if (o.lastBlockChangedAt() == null) {
                reason = "stream STALLED since " + at(o.streamHealthSince()) + " (no change of the last published block observed)";
            } else if (o.streamUpdatedAtSecs() > 0
                    && o.lastBlockChangedAt().getEpochSecond() > o.streamUpdatedAtSecs() + OBSERVATION_LAG_SECONDS) {
                // Upstream re-checks health every 120 s: blocks can move again before the verdict does.
                // Block changes are observed by polling, so only a change well after the verdict counts.
                reason = "stream reported STALLED at " + at(Instant.ofEpochSecond(o.streamUpdatedAtSecs()))
                        + ", but blocks moved since (last " + since(o.lastBlockChangedAt(), now) + " ago); health re-checked every 120 s";
            } else {
                reason = "no block published for " + since(o.lastBlockChangedAt(), now) + " (stream STALLED)";
            }
            out.add(new AttentionItem(id, AttentionKind.STALLED_STREAM, reason + restartNote, o.streamHealthSince(), 0));
        }
        if (o.executor() == ExecutorHealth.STALLED) {
            out.add(new AttentionItem(id, AttentionKind.STALLED_EXECUTOR,
                    "executor STALLED since " + at(o.executorHealthSince()) + " (worker died)" + restartNote, o.executorHealthSince(), 0));
        }
        StreamFreshness freshness = StreamFreshness.of(o.stream(), o.streamUpdatedAtSecs(), now);
        if (freshness.state() == StreamFreshness.State.NO_REPORT) {
            out.add(new AttentionItem(id, AttentionKind.STALE_HEALTH, "block stream reports no health" + restartNote,
                    o.streamHealthSince(), 0));
        } else if (freshness.state() == StreamFreshness.State.STALE) {
            out.add(new AttentionItem(id, AttentionKind.STALE_HEALTH,
                    "stream health not updated for " + HumanDuration.format(freshness.age())
                            + " (stale after " + StreamHealth.STALE_AFTER_SECONDS + " s)" + restartNote,
                    Instant.ofEpochSecond(o.streamUpdatedAtSecs()), 0));
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
        if (state.readability() != IndexerState.Readability.UNREADABLE && (life == LifecycleState.UNKNOWN || !state.isReadable())) {
            String what = life == LifecycleState.UNKNOWN && state.rawLifecycle() != null
                    ? "unknown lifecycle state \"" + state.rawLifecycle() + "\""
                    : "state partly unreadable: " + state.problem();
            String consequence = life == LifecycleState.UNKNOWN || state.enabled() == null
                    ? "; upstream's coordinator cannot parse this value, so it does not manage the indexer" : "";
            out.add(new AttentionItem(id, AttentionKind.UNKNOWN_STATE, what + consequence, o.stateSince(), 0));
        }
        return out;
    }

    /**
     * For an observation {@link #problems} finds none at some moment: the earliest moment from which
     * time alone (no new observation) can make it find one; {@link Instant#MAX} when never. Until then
     * a console need not evaluate the unchanged observation again (a fleet of 10,000 healthy rows is
     * then not re-evaluated every second); a moment already past means "evaluate it now". Only two
     * rules read the clock for a healthy indexer: stream health goes stale, and a transitional
     * lifecycle gets stuck.
     */
    public Instant quietUntil(IndexerObservation o) {
        if (o.state().isFinal(coordinator)) {
            return Instant.MAX;
        }
        Instant until = Instant.MAX;
        StreamHealth health = o.stream();
        if (health != null && health != StreamHealth.UNKNOWN && o.streamUpdatedAtSecs() > 0) {
            // StreamFreshness: stale once the age in whole seconds exceeds STALE_AFTER_SECONDS
            until = Instant.ofEpochSecond(o.streamUpdatedAtSecs() + StreamHealth.STALE_AFTER_SECONDS + 1);
        }
        if (o.state().lifecycle().isTransitional() && o.stateSince() != null) {
            Instant stuck = o.stateSince().plus(stuckAfter).plusNanos(1);
            if (stuck.isBefore(until)) {
                until = stuck;
            }
        }
        return until;
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
