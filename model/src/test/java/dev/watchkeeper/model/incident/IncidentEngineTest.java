package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentEngineTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryIncidentHistory history = new InMemoryIncidentHistory();
    private final IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, history);

    private static Problem stall(int i, int secondsAfter, long height) {
        AttentionItem item = new AttentionItem(new IndexerId("acc" + i + ".near", "feed"), AttentionKind.STALLED_STREAM,
                "no block published for 2 min", T0.plusSeconds(secondsAfter), 0);
        return Problems.of(item, height, T0);
    }

    private static Problem executor(int i, int secondsAfter) {
        AttentionItem item = new AttentionItem(new IndexerId("exec" + i + ".near", "feed"), AttentionKind.STALLED_EXECUTOR,
                "executor STALLED", T0.plusSeconds(secondsAfter), 0);
        return Problems.of(item, null, T0);
    }

    @Test
    void fortyStallsAroundOneHeightWithinAMinuteAreOneIncidentWithATitleThatNamesTheCause() {
        List<Problem> stalls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stalls.add(stall(i, i, 130_000_100L + i));
        }
        clock.set(T0.plusSeconds(45));
        List<IncidentEvent> events = engine.apply(stalls, List.of());

        assertThat(events).hasSize(1);
        Incident inc = events.getFirst().incident();
        assertThat(events.getFirst().type()).isEqualTo(IncidentEvent.Type.OPENED);
        assertThat(inc.size()).isEqualTo(40);
        assertThat(inc.title()).startsWith("40 block streams stalled within 39 s around block 130,000,119")
                .contains("likely an upstream data source");
        assertThat(inc.start()).isEqualTo(T0);
        assertThat(inc.end()).isNull();
        assertThat(inc.evidence()).anyMatch(e -> e.contains("130,000,100 to 130,000,139"));
        assertThat(engine.incidentIdOf(stalls.get(7).key())).isEqualTo(inc.id());
        assertThat(history.since(null)).extracting(Incident::id).containsExactly(inc.id());
    }

    @Test
    void fewerThanTheMinimumStayLoneProblems() {
        List<IncidentEvent> events = engine.apply(List.of(executor(1, 0), executor(2, 5), executor(3, 9), executor(4, 20)), List.of());
        assertThat(events).isEmpty();
        assertThat(engine.incidentOf(executor(1, 0).key())).isEmpty();
        assertThat(engine.openIncidents()).isEmpty();
        assertThat(engine.groupSizeOf(executor(1, 0).key())).as("a group forming").isEqualTo(4);
        // The fifth makes it an incident, the earlier four included.
        events = engine.apply(List.of(executor(5, 50)), List.of());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(IncidentEvent.Type.OPENED);
            assertThat(e.incident().size()).isEqualTo(5);
            assertThat(e.incident().title()).contains("5 executors stalled").contains("runner host");
        });
    }

    @Test
    void stallsFarApartInHeightOrTimeAreNotGrouped() {
        List<Problem> far = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            far.add(stall(i, i, 100_000_000L + i * 50_000L));
        }
        assertThat(engine.apply(far, List.of())).isEmpty();
        List<Problem> slow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slow.add(executor(i, i * 61));
        }
        assertThat(engine.apply(slow, List.of())).isEmpty();
    }

    @Test
    void membersSpreadOverMoreThanTheWindowStillLinkWhenEachIsCloseToAnother() {
        List<Problem> spread = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spread.add(executor(i, i * 5));
        }
        for (int i = 5; i < 10; i++) {
            spread.add(executor(i, 20 + (i - 4) * 50));
        }
        List<IncidentEvent> events = engine.apply(spread, List.of());
        assertThat(events).singleElement().satisfies(e -> assertThat(e.incident().size()).isEqualTo(10));
    }

    @Test
    void problemsThatOnlyChainAMinuteApartNeverMakeAnIncident() {
        // A busy fleet: one failing executor every 40 s is not a shared cause.
        List<Problem> chain = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            chain.add(executor(i, i * 40));
        }
        assertThat(engine.apply(chain, List.of())).isEmpty();
    }

    @Test
    void anIncidentEndsWhenItsLastMemberRecoversAndEachMemberKeepsItsOwnEnd() {
        List<Problem> stalls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stalls.add(executor(i, i));
        }
        engine.apply(stalls, List.of());
        clock.set(T0.plusSeconds(100));
        List<IncidentEvent> events = engine.apply(List.of(), List.of(stalls.get(0).key(), stalls.get(1).key()));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(IncidentEvent.Type.CHANGED);
            assertThat(e.incident().activeCount()).isEqualTo(4);
        });
        clock.set(T0.plusSeconds(160));
        events = engine.apply(List.of(), stalls.subList(2, 6).stream().map(Problem::key).toList());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(IncidentEvent.Type.RESOLVED);
            Incident inc = e.incident();
            assertThat(inc.end()).isEqualTo(T0.plusSeconds(160));
            assertThat(inc.timeToRecovery()).isEqualTo(Duration.ofSeconds(160));
            assertThat(inc.members().get(0).end()).isEqualTo(T0.plusSeconds(100));
            assertThat(inc.members().get(5).end()).isEqualTo(T0.plusSeconds(160));
        });
        assertThat(engine.openIncidents()).isEmpty();
        assertThat(history.since(null).getFirst().resolved()).isTrue();
    }

    @Test
    void poolerFailuresGroupBySameEpochStateAndErrorTextIgnoringNumbers() {
        List<StateUpdate> build = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            build.add(new StateUpdate("pairContract_pair_total_reserves:0x" + i + ":UNISWAPV2", "SNAPSHOT_BUILD", StateUpdate.Status.FAILED,
                    "RPC timeout after " + (30000 + i) + " ms", T0.getEpochSecond() + i, null, "{}", null));
        }
        for (int i = 0; i < 3; i++) {
            build.add(new StateUpdate("other:" + i + ":UNISWAPV2", "SNAPSHOT_BUILD", StateUpdate.Status.FAILED,
                    "Division by zero", T0.getEpochSecond() + i, null, "{}", null));
        }
        EpochWindow w = new EpochWindow("UNISWAPV2", List.of(new Epoch(1234, T0.getEpochSecond(), Map.of("SNAPSHOT_BUILD", build))), true, null, T0);
        List<IncidentEvent> events = engine.sync(Problems.POOLER_PREFIX, Problems.of(w));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.incident().size()).isEqualTo(8);
            assertThat(e.incident().title()).startsWith("8 projects failed SNAPSHOT_BUILD in epoch 1234 with \"RPC timeout after 30000 ms\"")
                    .contains("RPC provider");
            assertThat(e.incident().evidence()).contains("all in epoch 1234 at state SNAPSHOT_BUILD");
        });

        // Epoch 1235 succeeds for every project: the incident resolves.
        List<StateUpdate> ok = build.stream().map(u -> new StateUpdate(u.projectId(), u.stateId(), StateUpdate.Status.SUCCESS, null,
                T0.getEpochSecond() + 30, null, "{}", null)).toList();
        EpochWindow next = new EpochWindow("UNISWAPV2", List.of(new Epoch(1235, T0.getEpochSecond() + 30, Map.of("SNAPSHOT_BUILD", ok)),
                new Epoch(1234, T0.getEpochSecond(), Map.of("SNAPSHOT_BUILD", build))), true, null, T0.plusSeconds(30));
        clock.set(T0.plusSeconds(40));
        events = engine.sync(Problems.POOLER_PREFIX, Problems.of(next));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo(IncidentEvent.Type.RESOLVED));
    }

    @Test
    void aFewFailuresAmongManyProjectsAreBackgroundNotAnIncident() {
        List<StateUpdate> finalize = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean failed = i < 6;
            finalize.add(new StateUpdate("p" + i + ":x:UNISWAPV2", "SNAPSHOT_FINALIZE", failed ? StateUpdate.Status.FAILED : StateUpdate.Status.SUCCESS,
                    failed ? "Snapshot not finalized: consensus not reached" : null, T0.getEpochSecond(), null, "{}", null));
        }
        EpochWindow w = new EpochWindow("UNISWAPV2", List.of(new Epoch(7, T0.getEpochSecond(), Map.of("SNAPSHOT_FINALIZE", finalize))), true, null, T0);
        assertThat(engine.sync(Problems.POOLER_PREFIX, Problems.of(w))).isEmpty();
        // Fifteen of 300 (5%) are an incident.
        List<StateUpdate> more = new ArrayList<>(finalize);
        for (int i = 6; i < 15; i++) {
            more.set(i, new StateUpdate("p" + i + ":x:UNISWAPV2", "SNAPSHOT_FINALIZE", StateUpdate.Status.FAILED,
                    "Snapshot not finalized: consensus not reached", T0.getEpochSecond() + 2, null, "{}", null));
        }
        EpochWindow w2 = new EpochWindow("UNISWAPV2", List.of(new Epoch(7, T0.getEpochSecond(), Map.of("SNAPSHOT_FINALIZE", more))), true, null, T0);
        assertThat(engine.sync(Problems.POOLER_PREFIX, Problems.of(w2))).singleElement()
                .satisfies(e -> assertThat(e.incident().size()).isEqualTo(15));
    }

    @Test
    void aSourceDownMeanwhileIsEvidenceAndUnknownKindsGroupByKind() {
        engine.sync(Problems.SOURCE_PREFIX, Problems.of(List.of(
                new SourceStatus(Source.RUNNER, ConnectionState.RECONNECTING, T0, null, T0.plusSeconds(5), null, "UNAVAILABLE"))));
        List<Problem> future = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            future.add(Problem.of("indexer:x" + i + "/f:DANGLING_MEMBER", "DANGLING_MEMBER", "x" + i + "/f", T0.plusSeconds(i), "no :state value"));
        }
        List<IncidentEvent> events = engine.apply(future, List.of());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.incident().title()).startsWith("5 × DANGLING_MEMBER within 4 s");
            assertThat(e.incident().evidence()).anyMatch(s -> s.startsWith("meanwhile Runner was down"));
        });
    }

    @Test
    void syncRefusesProblemsOutsideItsFamilyAndSettingsRefuseNonsense() {
        assertThatThrownBy(() -> engine.sync(Problems.SOURCE_PREFIX, List.of(executor(1, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not under source:");
        assertThatThrownBy(() -> IncidentSettings.defaults().withMinSize(1)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> IncidentSettings.defaults().withWindow(Duration.ZERO)).hasMessageContaining("longer than zero");
    }

    @Test
    void aResolvedIncidentTakesNoNewMembers() {
        List<Problem> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(executor(i, i));
        }
        engine.apply(first, List.of());
        clock.set(T0.plusSeconds(10));
        engine.apply(List.of(), first.stream().map(Problem::key).toList());
        List<IncidentEvent> events = engine.apply(List.of(executor(9, 12)), List.of());
        assertThat(events).isEmpty();
        assertThat(history.since(null)).hasSize(1);
    }

    /** Executors of a busy fleet stalling on their own: one every 10 s for half an hour (6 a minute). */
    private List<IncidentEvent> busyBackground(int minutes) {
        List<IncidentEvent> events = new ArrayList<>();
        for (int s = 0; s < minutes * 60; s += 10) {
            clock.set(T0.plusSeconds(s));
            events.addAll(engine.apply(List.of(executor(1000 + s, s)), List.of()));
            // each recovers after 3 minutes, as lone problems do
            if (s >= 180) {
                engine.apply(List.of(), List.of(executor(1000 + s - 180, 0).key()));
            }
        }
        return events;
    }

    @Test
    void aBusyFleetsOwnRateOfAKindIsItsBaselineNotAnIncident() {
        // six a minute is five within a minute, again and again: without a baseline that chained into one long incident.
        // In the first minutes there is no baseline yet: the fixed minimum opens one, which the baseline then stops growing.
        List<IncidentEvent> events = busyBackground(30);
        assertThat(events).filteredOn(e -> e.type() == IncidentEvent.Type.OPENED)
                .allMatch(e -> e.incident().start().isBefore(T0.plusSeconds(60L * BackgroundRate.MIN_WINDOWS)));
        Instant baselineFrom = T0.plusSeconds(60L * (BackgroundRate.MIN_WINDOWS + 2));
        assertThat(history.since(null)).allMatch(i -> i.members().stream().allMatch(m -> !m.start().isAfter(baselineFrom.plusSeconds(60))));
        assertThat(engine.openIncidents()).isEmpty();
    }

    @Test
    void aBurstStandsOutAboveTheBaselineAndTheLoneProblemsAroundItStayLone() {
        busyBackground(30);
        // a runner host dies: 25 executors within 10 s, amid the background
        List<Problem> host = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            host.add(executor(i, 1800 + i * 10 / 25));
        }
        clock.set(T0.plusSeconds(1810));
        List<IncidentEvent> events = engine.apply(host, List.of());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(IncidentEvent.Type.OPENED);
            assertThat(e.incident().members()).extracting(m -> m.problem().key()).containsAll(host.stream().map(Problem::key).toList());
        });
        Incident incident = events.getFirst().incident();
        // the background that began well before the burst stays lone
        assertThat(incident.members()).allMatch(m -> !m.start().isBefore(T0.plusSeconds(1800 - 60)));
        // the background that goes on once the burst is over no longer joins it
        for (int s = 1900; s < 2200; s += 10) {
            clock.set(T0.plusSeconds(s));
            engine.apply(List.of(executor(1000 + s, s)), List.of());
        }
        // at most the background within a window either side of the burst came along
        assertThat(engine.openIncidents()).singleElement().satisfies(i -> assertThat(i.size()).isLessThanOrEqualTo(25 + 12));
        assertThat(engine.incidentIdOf(executor(1000 + 2190, 2190).key())).isNull();
    }

    @Test
    void theSignificantCountIsThePoissonTail() {
        // P(N >= 4) for a mean of 0.7 is 0.0058, P(N >= 5) 0.00079
        assertThat(BackgroundRate.significantCount(0.7, 0.001)).isEqualTo(5);
        // a mean of 6 a minute needs 16 within one: P(N >= 15) = 0.0014, P(N >= 16) = 0.00051
        assertThat(BackgroundRate.significantCount(6, 0.001)).isEqualTo(16);
        assertThat(BackgroundRate.significantCount(0, 0.001)).isEqualTo(1);
        assertThat(BackgroundRate.significantCount(400, 0.001)).isBetween(460, 465);
    }
}
