package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.IncidentEvent;
import dev.watchkeeper.model.incident.IncidentMember;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.model.incident.InMemoryIncidentHistory;
import dev.watchkeeper.model.incident.Problem;
import dev.watchkeeper.model.incident.Problems;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Replays an {@link IncidentScenario} with independent background problems as the console would
 * observe them, through the incident engine on a manual clock, and scores the grouping: was the
 * injected incident found whole, and how many lone problems were wrongly merged into incidents.
 * <p>
 * What the console observes follows upstream's timing: a stalled stream is reported by the block
 * streamer's health check, which compares the last processed block every 120 s, so between 120 and
 * 240 s after it stopped (near/queryapi 7d9546d {@code block-streamer/src/block_stream.rs}) and
 * recovers at the first check after blocks move; executor health is polled every 2 s; a pooler
 * failure carries the timestamp its worker wrote (PowerLoom/pooler 8e0cc0c
 * {@code snapshotter/utils/snapshot_worker.py}), and about 2% of projects fail at some state in
 * every epoch with {@link PoolerSnapshotter}'s error texts, as in the live simulator.
 */
public final class IncidentReplay {

    public static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    public static final long TIP_AT_T0 = 130_000_000L;
    public static final Duration RUN = Duration.ofMinutes(40);
    public static final Duration POLL = Duration.ofSeconds(2);
    public static final Duration HEALTH_PERIOD = Duration.ofSeconds(120);
    public static final Duration EPOCH = Duration.ofSeconds(30);
    public static final int FLEET = 1_000;
    public static final int PROJECTS = 300;

    /** One problem as observed: from {@code start} (when the console sees it) until {@code end}. */
    public record Observed(Problem problem, Instant end, boolean injected) {
    }

    /** The problems of one replay, in order of start, and when the scenario began. */
    public record Run(IncidentScenario scenario, long seed, Instant scenarioStart, List<Observed> problems) {
    }

    /** How the grouping did on one run. */
    /** Lone problems are counted apart for indexers (attention items) and pooler failures: their rates differ tenfold. */
    public record Score(boolean foundWhole, int incidentsHoldingInjected, int loneIndexer, int loneIndexerMerged, int lonePooler,
                        int lonePoolerMerged, Duration detectedAfter) {
    }

    private IncidentReplay() {
    }

    /**
     * @param lonePerMinute background problems of indexers per minute across the fleet (pooler
     *                      failures come on top, from the 2% rule)
     */
    public static Run generate(IncidentScenario scenario, long seed, double lonePerMinute) {
        Random random = new Random(seed);
        Instant start = T0.plusSeconds(300 + random.nextInt(900));
        List<Observed> out = new ArrayList<>();
        List<Integer> indexers = new ArrayList<>(IntStream.range(0, FLEET).boxed().toList());
        Collections.shuffle(indexers, random);
        int nextIndexer = 0;
        Set<String> injectedProjects = new HashSet<>();
        long failedEpoch = -1;

        IncidentScenario.Plan plan = scenario.plan(seed, scenario.target() == IncidentScenario.Target.PROJECT ? PROJECTS : FLEET);
        if (scenario.target() == IncidentScenario.Target.PROJECT) {
            failedEpoch = epochAt(start) + 1;
            Instant build = buildSlot(failedEpoch);
            for (IncidentScenario.Failure f : plan.failures()) {
                String project = project(f.index());
                injectedProjects.add(project);
                Instant at = build.plus(f.at());
                String error = IncidentScenario.rpcTimeoutError(PoolerRpcTimeout.contract(project), 18_000_000L + failedEpoch * 10);
                out.add(new Observed(pooler(project, failedEpoch, "SNAPSHOT_BUILD", error, at), buildSlot(failedEpoch + 1).plus(jitter(random, 5)), true));
            }
        } else {
            Instant recovered = start.plus(scenario.spread()).plus(plan.recoverAfter());
            Set<Integer> used = new HashSet<>();
            for (IncidentScenario.Failure f : plan.failures()) {
                used.add(f.index());
                Instant failedAt = start.plus(f.at());
                if (scenario.target() == IncidentScenario.Target.STREAM) {
                    long height = tip(failedAt) - random.nextInt(4);
                    out.add(new Observed(stall(f.index(), failedAt.plus(stallReported(random)), height),
                            recovered.plus(jitter(random, 120)).plus(jitter(random, 2)), true));
                } else {
                    out.add(new Observed(item(f.index(), AttentionKind.STALLED_EXECUTOR, "executor STALLED (worker died)",
                            failedAt.plus(jitter(random, 2)), null), recovered.plus(jitter(random, 2)), true));
                }
            }
            indexers.removeAll(used);
        }

        // Background: lone problems of indexers, a Poisson process over the whole run.
        double meanGapMs = 60_000 / lonePerMinute;
        for (Instant t = T0.plusMillis(expo(random, meanGapMs)); t.isBefore(T0.plus(RUN)); t = t.plusMillis(expo(random, meanGapMs))) {
            int ix = indexers.get(nextIndexer++ % indexers.size());
            Instant end = t.plus(Duration.ofSeconds(60 + random.nextInt(14 * 60)));
            int roll = random.nextInt(100);
            if (roll < 35) {
                // Most indexers follow the chain head; some are backfilling far behind it.
                long height = random.nextInt(100) < 60 ? tip(t) - random.nextInt(4) : tip(t) - 10_000 - random.nextInt(50_000_000);
                out.add(new Observed(stall(ix, t.plus(stallReported(random)), height), end.plus(jitter(random, 120)), false));
            } else if (roll < 55) {
                out.add(new Observed(item(ix, AttentionKind.STALLED_EXECUTOR, "executor STALLED", t.plus(jitter(random, 2)), null), end, false));
            } else if (roll < 80) {
                out.add(new Observed(item(ix, AttentionKind.FAILING_EXECUTOR, "executor FAILING", t.plus(jitter(random, 2)), null), end, false));
            } else {
                out.add(new Observed(item(ix, AttentionKind.REPAIRING, "Repairing; provisioning failed", t.plus(jitter(random, 2)), null), end, false));
            }
        }
        // Background: the pooler's own failures, about 2% of projects per epoch, as PoolerSnapshotter draws them.
        for (long e = epochAt(T0); e <= epochAt(T0.plus(RUN)); e++) {
            Random draws = new Random(seed * 31 + e);
            for (int p = 0; p < PROJECTS; p++) {
                int roll = draws.nextInt(200);
                String project = project(p);
                if (roll >= 4 || (e == failedEpoch && injectedProjects.contains(project))) {
                    continue;
                }
                int state = 1 + roll % 4;
                String error = PoolerSnapshotter.error(state, project, e);
                Instant at = stateSlot(e, state).plus(jitter(draws, 5));
                out.add(new Observed(pooler(project, e, PoolerSnapshotter.STATES[state], error, at),
                        stateSlot(e + 1, state).plus(jitter(draws, 5)), false));
            }
        }
        out.sort(Comparator.comparing(o -> o.problem().start()));
        return new Run(scenario, seed, start, out);
    }

    /** Feeds the run to an engine, one batch per console poll, and scores the result. */
    public static Score score(Run run, IncidentSettings settings) {
        ManualClock clock = new ManualClock(T0);
        InMemoryIncidentHistory history = new InMemoryIncidentHistory(100_000);
        IncidentEngine engine = new IncidentEngine(settings, clock, history);
        List<Observed> ends = new ArrayList<>(run.problems());
        ends.sort(Comparator.comparing(Observed::end));
        int nextStart = 0;
        int nextEnd = 0;
        Set<String> injected = new HashSet<>();
        run.problems().stream().filter(Observed::injected).forEach(o -> injected.add(o.problem().key()));
        Instant detected = null;
        for (Instant t = T0; !t.isAfter(T0.plus(RUN).plus(Duration.ofMinutes(20))); t = t.plus(POLL)) {
            clock.set(t);
            List<Problem> started = new ArrayList<>();
            List<String> ended = new ArrayList<>();
            while (nextStart < run.problems().size() && !run.problems().get(nextStart).problem().start().isAfter(t)) {
                started.add(run.problems().get(nextStart++).problem());
            }
            while (nextEnd < ends.size() && !ends.get(nextEnd).end().isAfter(t)) {
                ended.add(ends.get(nextEnd++).problem().key());
            }
            for (IncidentEvent e : engine.apply(started, ended)) {
                if (detected == null && e.type() == IncidentEvent.Type.OPENED
                        && e.incident().members().stream().anyMatch(m -> injected.contains(m.problem().key()))) {
                    detected = t;
                }
            }
        }
        int holding = 0;
        boolean whole = false;
        int mergedIndexer = 0;
        int mergedPooler = 0;
        for (Incident i : history.since(null)) {
            long hits = 0;
            for (IncidentMember m : i.members()) {
                if (injected.contains(m.problem().key())) {
                    hits++;
                } else if (Problem.POOLER_FAILURE.equals(m.problem().kind())) {
                    mergedPooler++;
                } else {
                    mergedIndexer++;
                }
            }
            if (hits > 0) {
                holding++;
                whole |= hits == injected.size();
            }
        }
        int lonePooler = (int) run.problems().stream().filter(o -> !o.injected() && Problem.POOLER_FAILURE.equals(o.problem().kind())).count();
        int loneIndexer = run.problems().size() - injected.size() - lonePooler;
        return new Score(whole && holding == 1, holding, loneIndexer, mergedIndexer, lonePooler, mergedPooler,
                detected == null ? null : Duration.between(run.scenarioStart(), detected));
    }

    static IndexerId indexer(int i) {
        return new IndexerId("indexer" + i + ".near", "feed");
    }

    static String project(int i) {
        return "pairContract_pair_total_reserves:0x" + String.format("%040x", i * 2_654_435_761L) + ":UNISWAPV2";
    }

    private static Problem stall(int ix, Instant reported, long height) {
        return item(ix, AttentionKind.STALLED_STREAM, "no block published (stream STALLED)", reported, height);
    }

    private static Problem item(int ix, AttentionKind kind, String reason, Instant since, Long height) {
        return Problems.of(new AttentionItem(indexer(ix), kind, reason, since, 0), height, since);
    }

    private static Problem pooler(String project, long epoch, String state, String error, Instant at) {
        return new Problem(Problems.poolerKey(project, state, epoch), Problem.POOLER_FAILURE, "Epoch step failed", project, null,
                at, state + " failed in epoch " + epoch + ": " + error, null, epoch, state, error, null, PROJECTS);
    }

    /** Upstream compares the last processed block with the previous check: STALLED shows 120-240 s after the stall. */
    private static Duration stallReported(Random random) {
        return HEALTH_PERIOD.plus(jitter(random, 120)).plus(jitter(random, 2));
    }

    private static Duration jitter(Random random, int seconds) {
        return Duration.ofMillis((long) (random.nextDouble() * seconds * 1000));
    }

    private static long expo(Random random, double meanMs) {
        return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * meanMs));
    }

    static long tip(Instant t) {
        return TIP_AT_T0 + Duration.between(T0, t).toSeconds();
    }

    private static long epochAt(Instant t) {
        return 19_000 + Duration.between(T0, t).toMillis() / EPOCH.toMillis();
    }

    /** When state {@code s} (1 = SNAPSHOT_BUILD, as PoolerSnapshotter counts after PRELOAD) of an epoch is written: sixths of the interval. */
    private static Instant stateSlot(long epoch, int s) {
        return T0.plus(EPOCH.multipliedBy(epoch - 19_000)).plus(EPOCH.dividedBy(6).multipliedBy(s + 1));
    }

    private static Instant buildSlot(long epoch) {
        return stateSlot(epoch, 1);
    }
}
