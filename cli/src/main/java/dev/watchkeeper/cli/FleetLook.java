package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.grpc.BlockStreamerClient;
import dev.watchkeeper.connectors.grpc.CapabilityProbe;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.grpc.RunnerClient;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionRules;
import dev.watchkeeper.model.attention.IndexerObservation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One look at the whole control plane for {@code status}, {@code show} and {@code attention}: the
 * coordinator state from Redis, stream and executor health from the block streamer and runner when
 * they are configured, and which kind of coordinator answers (what its states mean). A source that
 * cannot be read leaves its part unknown and is named in {@link #problems()}; it never hides the rest.
 */
final class FleetLook {

    private final Map<IndexerId, IndexerState> states;
    private final Instant observedAt;
    private final Map<IndexerId, StreamStatus> streams;
    private final Map<IndexerId, ExecutorStatus> executors;
    private final boolean streamsKnown;
    private final boolean executorsKnown;
    private final CoordinatorKind coordinator;
    private final List<String> problems;
    /** Built once: {@code status} asks it for every indexer. */
    private final AttentionRules rules;

    FleetLook(Map<IndexerId, IndexerState> states, Instant observedAt, Map<IndexerId, StreamStatus> streams,
                      Map<IndexerId, ExecutorStatus> executors, boolean streamsKnown, boolean executorsKnown,
                      CoordinatorKind coordinator, List<String> problems) {
        this.states = states;
        this.observedAt = observedAt;
        this.streams = streams;
        this.executors = executors;
        this.streamsKnown = streamsKnown;
        this.executorsKnown = executorsKnown;
        this.coordinator = coordinator;
        this.problems = problems;
        this.rules = AttentionRules.defaults().withCoordinator(coordinator);
    }

    /** Reads every configured source once, in parallel with Redis; fails (exit 3) only when Redis cannot be read. */
    static FleetLook take(CliCommand command, Endpoints ep) {
        List<String> problems = new ArrayList<>();
        // Building a gRPC channel takes a cold JVM a fifth of a second: on threads of their own, so the
        // Redis read (the longest part) starts at once. Not the common pool: a caller may be blocking it.
        CompletableFuture<CoordinatorKind> kind = onOwnThread(() -> coordinatorKind(ep.coordinator(), problems));
        CompletableFuture<Optional<List<StreamStatus>>> streams = ep.blockStreamer() == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : onOwnThread(() -> read(ep.blockStreamer(), "block streamer", problems, e -> {
                    BlockStreamerClient c = BlockStreamerClient.open(e);
                    return c.listStreams().whenComplete((r, t) -> c.close());
                }));
        CompletableFuture<Optional<List<ExecutorStatus>>> executors = ep.runner() == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : onOwnThread(() -> read(ep.runner(), "runner", problems, e -> {
                    RunnerClient c = RunnerClient.open(e);
                    return c.listExecutors().whenComplete((r, t) -> c.close());
                }));
        Map<IndexerId, IndexerState> all;
        Instant at;
        try (FleetWatch fleet = command.fleet(ep, false)) {
            all = fleet.snapshot();
            at = fleet.observedAt();
        }
        Map<IndexerId, StreamStatus> s = new HashMap<>();
        Optional<List<StreamStatus>> sl = streams.join();
        sl.ifPresent(l -> l.forEach(x -> s.put(x.id(), x)));
        Map<IndexerId, ExecutorStatus> x = new HashMap<>();
        Optional<List<ExecutorStatus>> xl = executors.join();
        xl.ifPresent(l -> l.forEach(e -> x.put(e.id(), e)));
        CoordinatorKind k = kind.join();
        synchronized (problems) {
            return new FleetLook(all, at, s, x, sl.isPresent(), xl.isPresent(), k, List.copyOf(problems));
        }
    }

    private static CompletableFuture<CoordinatorKind> coordinatorKind(Endpoint coordinator, List<String> problems) {
        CompletableFuture<Capabilities> probed;
        try {
            // the console's one capability probe, asked once
            probed = CapabilityProbe.once(coordinator);
        } catch (RuntimeException e) {
            add(problems, "coordinator " + coordinator.target() + ": " + e.getMessage() + "; its kind is unknown");
            return CompletableFuture.completedFuture(CoordinatorKind.UNKNOWN);
        }
        return probed.orTimeout(coordinator.deadline().toMillis() + 1000, TimeUnit.MILLISECONDS)
                .handle((caps, e) -> {
                    if (e != null || caps.coordinator() == CoordinatorKind.UNKNOWN) {
                        add(problems, "coordinator " + coordinator.target() + " did not answer ("
                                + (e != null ? message(e) : caps.unsupportedReason(CommandKind.REPAIR))
                                + "); Deleting states are read as deleted, upstream's meaning");
                        return CoordinatorKind.UNKNOWN;
                    }
                    return caps.coordinator();
                });
    }

    private static <T> CompletableFuture<Optional<List<T>>> read(Endpoint e, String what, List<String> problems,
                                                                  Function<Endpoint, CompletableFuture<List<T>>> call) {
        try {
            return call.apply(e).orTimeout(e.deadline().toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .handle((list, t) -> {
                        if (t != null) {
                            add(problems, what + " " + e.target() + ": " + message(t) + "; its health is unknown");
                            return Optional.empty();
                        }
                        return Optional.of(list);
                    });
        } catch (RuntimeException ex) {
            add(problems, what + " " + e.target() + ": " + ex.getMessage() + "; its health is unknown");
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    private static void add(List<String> problems, String p) {
        synchronized (problems) {
            problems.add(p);
        }
    }

    private static String message(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof java.util.concurrent.TimeoutException ? "no answer in time" : String.valueOf(c.getMessage());
    }

    Map<IndexerId, IndexerState> states() {
        return states;
    }

    Instant observedAt() {
        return observedAt;
    }

    CoordinatorKind coordinator() {
        return coordinator;
    }

    /** Sources that could not be read, in words. */
    List<String> problems() {
        return problems;
    }

    /** Stream health, or UNKNOWN when no block streamer answered; UNSPECIFIED for an indexer it runs no stream for. */
    StreamHealth stream(IndexerId id) {
        StreamStatus s = streams.get(id);
        return s != null ? s.health() : streamsKnown ? StreamHealth.UNSPECIFIED : StreamHealth.UNKNOWN;
    }

    ExecutorHealth executor(IndexerId id) {
        ExecutorStatus e = executors.get(id);
        return e != null ? e.health() : executorsKnown ? ExecutorHealth.UNSPECIFIED : ExecutorHealth.UNKNOWN;
    }

    /**
     * What one look tells of an indexer: no state history (how long a state lasted is unknown), the
     * stream verdict's own timestamp as its start.
     */
    IndexerObservation observation(IndexerState s) {
        StreamStatus st = streams.get(s.id());
        ExecutorStatus ex = executors.get(s.id());
        StreamHealth sh = st == null ? StreamHealth.UNKNOWN : st.health();
        long updated = st == null ? 0 : st.updatedAtSecs();
        return new IndexerObservation(s, null, sh, updated, updated > 0 ? Instant.ofEpochSecond(updated) : null,
                ex == null ? ExecutorHealth.UNKNOWN : ex.health(), null, null, null, false);
    }

    /** {@code start}, which opens a channel and asks, run on a daemon thread of its own. */
    private static <T> CompletableFuture<T> onOwnThread(java.util.function.Supplier<CompletableFuture<T>> start) {
        Executor ownThread = r -> Thread.ofPlatform().daemon().name("wk-cli-source").start(r);
        return CompletableFuture.supplyAsync(start, ownThread).thenCompose(f -> f);
    }

    AttentionRules rules() {
        return rules;
    }

    Optional<AttentionItem> attention(IndexerState s) {
        return rules().evaluate(observation(s), observedAt);
    }

    Duration age(Instant now) {
        return Duration.between(observedAt, now);
    }
}
