package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns what the console observes into {@link Problem}s for the incident engine. */
public final class Problems {

    public static final String INDEXER_PREFIX = "indexer:";
    public static final String POOLER_PREFIX = "pooler:";
    public static final String SOURCE_PREFIX = "source:";

    private Problems() {
    }

    /**
     * An indexer's attention item. Its start is when the problem was first observed ({@code observedAt}
     * when the rules do not know).
     *
     * @param lastPublishedBlock the indexer's last published block, null when unknown
     */
    public static Problem of(AttentionItem item, Long lastPublishedBlock, Instant observedAt) {
        Instant start = item.since() == null ? observedAt : item.since();
        String kind = item.kind().name();
        return new Problem(key(item), kind, item.kind().label(),
                item.id().fullName(), item.id(), start, item.reason(), lastPublishedBlock, null, null, null, null, null);
    }

    /** The key of an indexer's attention item: one per indexer and kind. */
    public static String key(AttentionItem item) {
        return key(item.id(), item.kind());
    }

    public static String key(IndexerId id, AttentionKind kind) {
        return INDEXER_PREFIX + id.fullName() + ":" + kind.name();
    }

    /**
     * Pooler steps that failed and have not been retried since: for each project and state, the
     * newest epoch that has the state, when it failed there. A failure in epoch N ends when epoch
     * N+1 reaches the state (a success recovers; a new failure is a new problem of N+1). Its start
     * is the update's timestamp (the pooler records it), else the epoch's release.
     */
    public static List<Problem> of(EpochWindow window) {
        List<Problem> out = new ArrayList<>();
        if (window == null) {
            return out;
        }
        // Newest epoch first (EpochWindow's order): a project's update in a state is decided by the
        // newest epoch that has one, and within an epoch by its first. Only failures are looked up:
        // the rest of the window (hundreds of thousands of updates, looked at on every change) is
        // read through each epoch's project sets and first failures, built once per epoch value.
        List<Epoch> epochs = new ArrayList<>(window.epochs());
        epochs.sort((a, b) -> Long.compare(b.epochId(), a.epochId()));
        List<Map<String, Set<String>>> newer = new ArrayList<>(epochs.size());
        for (Epoch e : epochs) {
            EpochProjectSets.Indexed indexed = EpochProjectSets.of(e);
            for (EpochProjectSets.Failure f : indexed.firstFailures()) {
                StateUpdate u = f.update();
                if (decidedBy(newer, u)) {
                    continue;
                }
                long secs = u.timestamp() != null ? u.timestamp() : e.releasedAt() != null ? e.releasedAt() : -1;
                Instant start = secs >= 0 ? Instant.ofEpochSecond(secs) : window.observedAt();
                if (start == null) {
                    continue;
                }
                String error = u.error() == null ? "" : u.error();
                out.add(new Problem(poolerKey(u.projectId(), u.stateId(), e.epochId()), Problem.POOLER_FAILURE, "Epoch step failed", u.projectId(), null, start,
                        u.stateId() + " failed in epoch " + e.epochId() + (error.isEmpty() ? "" : ": " + error),
                        null, e.epochId(), u.stateId(), error, null, f.updatesInState()));
            }
            newer.add(indexed.projects());
        }
        return out;
    }

    /** Whether a newer epoch has an update of the same project in the same state. */
    private static boolean decidedBy(List<Map<String, Set<String>>> newer, StateUpdate u) {
        for (Map<String, Set<String>> epoch : newer) {
            Set<String> projects = epoch.get(u.stateId());
            if (projects != null && projects.contains(u.projectId())) {
                return true;
            }
        }
        return false;
    }

    /** The key of a pooler failure: one per project, state and epoch. */
    public static String poolerKey(String projectId, String stateId, long epochId) {
        return POOLER_PREFIX + projectId + ":" + stateId + "@" + epochId;
    }

    /** Sources that are down or reconnecting. Sources never configured are not problems. */
    public static List<Problem> of(Collection<SourceStatus> statuses) {
        List<Problem> out = new ArrayList<>();
        for (SourceStatus s : statuses) {
            if (s.state() == ConnectionState.DOWN || s.state() == ConnectionState.RECONNECTING) {
                out.add(new Problem(SOURCE_PREFIX + s.source().name(), Problem.SOURCE_DOWN, "Source down", s.source().label(),
                        null, s.since(), s.source().label() + " " + s.state().name().toLowerCase()
                        + (s.message() == null ? "" : ": " + s.message()), null, null, null, null, s.source().label(), null));
            }
        }
        return out;
    }
}
