package dev.watchkeeper.history;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionRules;
import dev.watchkeeper.model.attention.IndexerObservation;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.Problem;
import dev.watchkeeper.model.incident.Problems;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The console's incident grouping without a window, for the headless recorder: keeps what the
 * connectors report of each indexer (with when each value was first seen, as the console's fleet
 * rows do), applies the attention rules, and feeds the problems that start and end, the pooler's
 * failed steps and the sources that go down to an {@link IncidentEngine}, whose history is the
 * store. Listener calls come from connector threads; one lock keeps the engine single-threaded.
 * {@link #tick} re-applies the rules that depend on time (a state lasting too long).
 */
public final class IncidentFeed implements ControlPlaneListener {

    private final IncidentEngine engine;
    private final Clock clock;
    private AttentionRules rules = AttentionRules.defaults();
    private final Map<IndexerId, Seen> fleet = new HashMap<>();
    private final Map<IndexerId, Map<String, Problem>> active = new HashMap<>();
    private final Map<Source, SourceStatus> sources = new EnumMap<>(Source.class);
    /** Health reported before the indexer's state arrived, applied when it does. */
    private final Map<IndexerId, StreamStatus> streamsById = new HashMap<>();
    private final Map<IndexerId, ExecutorStatus> executorsById = new HashMap<>();

    public IncidentFeed(IncidentEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    public IncidentEngine engine() {
        return engine;
    }

    /** Unresolved incidents, oldest first. */
    public synchronized List<dev.watchkeeper.model.incident.Incident> openIncidents() {
        return engine.openIncidents();
    }

    /** One listener that hands every event to {@code first} and then to this feed. */
    public ControlPlaneListener alongside(ControlPlaneListener first) {
        return ControlPlaneListener.both(first, this);
    }

    @Override
    public synchronized void onStates(StateBatch batch) {
        Instant at = batch.observedAt();
        Set<IndexerId> touched = new HashSet<>();
        if (batch.fullSnapshot()) {
            Set<IndexerId> present = new HashSet<>();
            batch.upserts().forEach(s -> present.add(s.id()));
            for (IndexerId id : List.copyOf(fleet.keySet())) {
                if (!present.contains(id)) {
                    fleet.remove(id);
                    touched.add(id);
                }
            }
        }
        for (IndexerId gone : batch.removed()) {
            if (fleet.remove(gone) != null) {
                touched.add(gone);
            }
        }
        for (IndexerState s : batch.upserts()) {
            Seen seen = fleet.get(s.id());
            if (seen == null) {
                // new in an incremental batch: registered now; in a full snapshot: begun before we looked
                seen = new Seen(s, at, !batch.fullSnapshot() && !fleet.isEmpty());
                seen.stream(streamsById.get(s.id()), at);
                seen.executor(executorsById.get(s.id()), at);
                fleet.put(s.id(), seen);
            } else if (seen.state.lifecycle() != s.lifecycle()) {
                seen.state = s;
                seen.stateSince = at;
                seen.stateSinceExact = true;
            } else {
                seen.state = s;
            }
            touched.add(s.id());
        }
        evaluate(touched, at);
    }

    @Override
    public synchronized void onHealth(HealthBatch batch) {
        Instant at = batch.observedAt();
        boolean streams = batch.source() == Source.BLOCK_STREAMER;
        Set<IndexerId> touched = new HashSet<>();
        Map<IndexerId, StreamStatus> st = new HashMap<>();
        Map<IndexerId, ExecutorStatus> ex = new HashMap<>();
        batch.streams().forEach(s -> st.put(s.id(), s));
        batch.executors().forEach(e -> ex.put(e.id(), e));
        if (batch.full()) {
            (streams ? streamsById : executorsById).clear();
        }
        streamsById.putAll(st);
        executorsById.putAll(ex);
        for (var e : fleet.entrySet()) {
            Seen seen = e.getValue();
            IndexerId id = e.getKey();
            if (streams && (batch.full() || st.containsKey(id)) && seen.stream(st.get(id), at)) {
                touched.add(id);
            }
            if (!streams && (batch.full() || ex.containsKey(id)) && seen.executor(ex.get(id), at)) {
                touched.add(id);
            }
        }
        evaluate(touched, at);
    }

    @Override
    public synchronized void onProgress(ProgressBatch batch) {
        Set<IndexerId> touched = new HashSet<>();
        for (Progress p : batch.items()) {
            Seen seen = fleet.get(p.id());
            if (seen != null && !Objects.equals(seen.lastBlock, p.lastPublishedBlock())) {
                seen.lastBlock = p.lastPublishedBlock();
                seen.lastBlockChangedAt = batch.observedAt();
                touched.add(p.id());
            }
        }
        evaluate(touched, batch.observedAt());
    }

    @Override
    public synchronized void onEpochs(EpochWindow window) {
        engine.sync(Problems.POOLER_PREFIX, Problems.of(window));
    }

    @Override
    public synchronized void onStatus(SourceStatus status) {
        SourceStatus was = sources.put(status.source(), status);
        engine.sync(Problems.SOURCE_PREFIX, Problems.of(sources.values()));
        boolean down = status.state() == ConnectionState.DOWN || status.state() == ConnectionState.RECONNECTING;
        boolean wasDown = was != null && (was.state() == ConnectionState.DOWN || was.state() == ConnectionState.RECONNECTING);
        if (down && !wasDown && (status.source() == Source.BLOCK_STREAMER || status.source() == Source.RUNNER)) {
            // as in the console: a source that stops answering leaves its health unknown, not at its last value
            onHealth(new HealthBatch(status.source(), List.of(), List.of(), true, status.since() != null ? status.since() : clock.instant()));
        }
    }

    @Override
    public synchronized void onCapabilities(Capabilities capabilities) {
        rules = rules.withCoordinator(capabilities.coordinator());
        evaluate(fleet.keySet(), clock.instant());
    }

    /** Re-applies every rule at the clock's time: problems that only time makes (a state lasting too long). */
    public synchronized void tick() {
        evaluate(fleet.keySet(), clock.instant());
    }

    private void evaluate(Set<IndexerId> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        List<Problem> started = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (IndexerId id : List.copyOf(ids)) {
            Seen seen = fleet.get(id);
            Map<String, Problem> now = new LinkedHashMap<>();
            if (seen != null) {
                for (AttentionItem item : rules.problems(seen.observation(), at)) {
                    Problem p = Problems.of(item, seen.lastBlock, at);
                    now.put(p.key(), p);
                }
            }
            Map<String, Problem> before = active.getOrDefault(id, Map.of());
            for (var e : now.entrySet()) {
                if (!before.containsKey(e.getKey())) {
                    started.add(e.getValue());
                }
            }
            for (String k : before.keySet()) {
                if (!now.containsKey(k)) {
                    ended.add(k);
                }
            }
            if (now.isEmpty()) {
                active.remove(id);
            } else {
                active.put(id, now);
            }
        }
        if (!started.isEmpty() || !ended.isEmpty()) {
            engine.apply(started, ended);
        }
    }

    /** One indexer as observed, with when each value was first seen. */
    private static final class Seen {
        IndexerState state;
        Instant stateSince;
        boolean stateSinceExact;
        StreamStatus stream;
        Instant streamSince;
        ExecutorStatus executor;
        Instant executorSince;
        Long lastBlock;
        Instant lastBlockChangedAt;

        Seen(IndexerState state, Instant since, boolean exact) {
            this.state = state;
            this.stateSince = since;
            this.stateSinceExact = exact;
        }

        boolean stream(StreamStatus next, Instant at) {
            if (Objects.equals(stream, next)) {
                return false;
            }
            boolean healthChanged = stream == null || next == null || stream.health() != next.health();
            stream = next;
            if (healthChanged || streamSince == null) {
                streamSince = next == null ? null : at;
            }
            return true;
        }

        boolean executor(ExecutorStatus next, Instant at) {
            if (Objects.equals(executor, next)) {
                return false;
            }
            boolean healthChanged = executor == null || next == null || executor.health() != next.health();
            executor = next;
            if (healthChanged || executorSince == null) {
                executorSince = next == null ? null : at;
            }
            return true;
        }

        IndexerObservation observation() {
            return new IndexerObservation(state, stateSince, stream == null ? null : stream.health(), stream == null ? 0 : stream.updatedAtSecs(),
                    streamSince, executor == null ? null : executor.health(), executorSince, lastBlock, lastBlockChangedAt, stateSinceExact);
        }
    }
}
