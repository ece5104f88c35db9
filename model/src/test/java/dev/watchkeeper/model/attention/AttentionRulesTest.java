package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttentionRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:10:00Z");
    private static final IndexerId ID = new IndexerId("morgs.near", "test");
    private final AttentionRules rules = new AttentionRules(Duration.ofMinutes(2), ZoneOffset.UTC);

    private static IndexerObservation obs(LifecycleState life, Instant since, StreamHealth stream, long updatedAt,
                                          Instant streamSince, ExecutorHealth exec, Instant execSince, Instant blockChanged) {
        return new IndexerObservation(IndexerState.of(ID, life, true), since, stream, updatedAt, streamSince, exec, execSince, 100L, blockChanged);
    }

    private static IndexerObservation healthy() {
        return obs(LifecycleState.RUNNING, NOW.minusSeconds(3600), StreamHealth.RUNNING, NOW.getEpochSecond() - 30,
                NOW.minusSeconds(3600), ExecutorHealth.RUNNING, NOW.minusSeconds(3600), NOW.minusSeconds(2));
    }

    @Test
    void aHealthyRunningIndexerNeedsNobody() {
        assertThat(rules.evaluate(healthy(), NOW)).isEmpty();
    }

    @Test
    void unknownHealthAloneIsNotAProblem() {
        // Block streamer / runner not configured: health is unknown, which the table shows, but it is no alarm.
        assertThat(rules.evaluate(IndexerObservation.ofState(IndexerState.of(ID, LifecycleState.RUNNING, true), NOW.minusSeconds(9999)), NOW)).isEmpty();
    }

    @Test
    void repairingSaysForHowLong() {
        var item = rules.evaluate(IndexerObservation.ofState(IndexerState.of(ID, LifecycleState.REPAIRING, true), NOW.minusSeconds(120)), NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.REPAIRING);
        assertThat(item.reason()).startsWith("Repairing for 2 min: provisioning failed");
    }

    @Test
    void aStateFoundAtConnectIsAtLeastThatOld() {
        var o = new IndexerObservation(IndexerState.of(ID, LifecycleState.REPAIRING, true), NOW.minusSeconds(60),
                StreamHealth.UNKNOWN, 0, null, ExecutorHealth.UNKNOWN, null, null, null, false);
        assertThat(rules.evaluate(o, NOW).orElseThrow().reason()).startsWith("Repairing for at least 1 min: provisioning failed");
    }

    @Test
    void stalledStreamSaysHowLongNoBlockWasPublished() {
        var o = obs(LifecycleState.RUNNING, NOW.minusSeconds(3600), StreamHealth.STALLED, NOW.getEpochSecond() - 10,
                NOW.minusSeconds(130), ExecutorHealth.RUNNING, null, NOW.minusSeconds(252));
        var item = rules.evaluate(o, NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.STALLED_STREAM);
        assertThat(item.reason()).isEqualTo("no block published for 4 min 12 s (stream STALLED)");
    }

    @Test
    void aStalledVerdictOlderThanTheLastBlockSaysBlocksMovedSince() {
        var o = obs(LifecycleState.RUNNING, NOW.minusSeconds(3600), StreamHealth.STALLED, NOW.getEpochSecond() - 90,
                NOW.minusSeconds(90), ExecutorHealth.RUNNING, null, NOW.minusSeconds(2));
        var item = rules.evaluate(o, NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.STALLED_STREAM);
        assertThat(item.reason()).startsWith("stream reported STALLED at ").contains("but blocks moved since (last 2 s ago)");
    }

    @Test
    void aBlockObservedJustAfterTheVerdictIsPollingLagNotProgress() {
        var o = obs(LifecycleState.RUNNING, NOW.minusSeconds(3600), StreamHealth.STALLED, NOW.getEpochSecond() - 3,
                NOW.minusSeconds(3), ExecutorHealth.RUNNING, null, NOW.minusSeconds(1));
        assertThat(rules.evaluate(o, NOW).orElseThrow().reason()).isEqualTo("no block published for 1 s (stream STALLED)");
    }

    @Test
    void stalledStreamWithoutBlockHistorySaysSinceWhen() {
        var o = obs(LifecycleState.RUNNING, NOW.minusSeconds(3600), StreamHealth.STALLED, NOW.getEpochSecond() - 10,
                Instant.parse("2026-11-23T12:03:10Z"), ExecutorHealth.RUNNING, null, null);
        assertThat(rules.evaluate(o, NOW).orElseThrow().reason()).isEqualTo("stream STALLED since 12:03:10 (no change of the last published block observed)");
    }

    @Test
    void healthOlderThan180SecondsIsStaleButNotAt180() {
        var at180 = obs(LifecycleState.RUNNING, NOW, StreamHealth.RUNNING, NOW.getEpochSecond() - 180, NOW, ExecutorHealth.RUNNING, NOW, NOW);
        assertThat(rules.evaluate(at180, NOW)).isEmpty();
        var at181 = obs(LifecycleState.RUNNING, NOW, StreamHealth.RUNNING, NOW.getEpochSecond() - 181, NOW, ExecutorHealth.RUNNING, NOW, NOW);
        var item = rules.evaluate(at181, NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.STALE_HEALTH);
        assertThat(item.reason()).isEqualTo("stream health not updated for 3 min 1 s (stale after 180 s)");
    }

    @Test
    void missingStreamHealthCountsAsStale() {
        var o = obs(LifecycleState.RUNNING, NOW, StreamHealth.UNSPECIFIED, 0, NOW, ExecutorHealth.RUNNING, NOW, NOW);
        assertThat(rules.evaluate(o, NOW).orElseThrow().kind()).isEqualTo(AttentionKind.STALE_HEALTH);
    }

    @Test
    void failingAndStalledExecutors() {
        var failing = obs(LifecycleState.RUNNING, NOW, StreamHealth.UNKNOWN, 0, null, ExecutorHealth.FAILING, Instant.parse("2026-11-23T12:00:00Z"), null);
        assertThat(rules.evaluate(failing, NOW).orElseThrow().reason()).isEqualTo("executor FAILING since 12:00:00 (a block keeps throwing)");
        var stalled = obs(LifecycleState.RUNNING, NOW, StreamHealth.UNKNOWN, 0, null, ExecutorHealth.STALLED, Instant.parse("2026-11-23T12:01:00Z"), null);
        assertThat(rules.evaluate(stalled, NOW).orElseThrow().kind()).isEqualTo(AttentionKind.STALLED_EXECUTOR);
    }

    @Test
    void stuckInSuspendingOrDeletingOnlyAfterTheThreshold() {
        var brief = IndexerObservation.ofState(IndexerState.of(ID, LifecycleState.SUSPENDING, false), NOW.minusSeconds(30));
        assertThat(rules.evaluate(brief, NOW)).isEmpty();
        var stuck = IndexerObservation.ofState(IndexerState.of(ID, LifecycleState.DELETING, false), NOW.minusSeconds(200));
        var item = rules.withCoordinator(CoordinatorKind.EXTENSION).evaluate(stuck, NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.STUCK_TRANSITION);
        assertThat(item.reason()).isEqualTo("stuck in Deleting for 3 min 20 s");
        var stuckSuspending = IndexerObservation.ofState(IndexerState.of(ID, LifecycleState.SUSPENDING, false), NOW.minusSeconds(200));
        assertThat(rules.withCoordinator(CoordinatorKind.UPSTREAM).evaluate(stuckSuspending, NOW)).isPresent();
    }

    @Test
    void unknownAndUnreadableStatesAreFlagged() {
        var unknown = new IndexerState(ID, LifecycleState.UNKNOWN, "Exploding", true, null, "{}", null);
        assertThat(rules.evaluate(IndexerObservation.ofState(unknown, NOW), NOW).orElseThrow().reason())
                .isEqualTo("unknown lifecycle state \"Exploding\"; upstream's coordinator cannot parse this value,"
                        + " so it does not manage the indexer");
        var garbled = new IndexerState(ID, LifecycleState.RUNNING, "Running", null, null, "{\"enabled\":7}", "enabled is not a boolean");
        assertThat(rules.evaluate(IndexerObservation.ofState(garbled, NOW), NOW).orElseThrow().reason())
                .isEqualTo("state partly unreadable: enabled is not a boolean; upstream's coordinator cannot parse this value,"
                        + " so it does not manage the indexer");
    }

    @Test
    void upstreamDeletingIsFinalAndNeverNeedsAnOperator() {
        var deleted = IndexerObservation.ofState(IndexerState.of(ID, LifecycleState.DELETING, false), NOW.minusSeconds(86_400));
        assertThat(rules.withCoordinator(CoordinatorKind.UPSTREAM).evaluate(deleted, NOW)).isEmpty();
        assertThat(rules.withCoordinator(CoordinatorKind.UNKNOWN).evaluate(deleted, NOW))
                .as("while the kind is unknown a Deleting key is not called stuck").isEmpty();
        assertThat(IndexerState.of(ID, LifecycleState.DELETING, false).lifecycleText(CoordinatorKind.UPSTREAM))
                .isEqualTo("Deleted (Redis keeps Deleting)");
        assertThat(IndexerState.of(ID, LifecycleState.DELETING, false).lifecycleText(CoordinatorKind.EXTENSION)).isEqualTo("Deleting");
    }

    @Test
    void aSetMemberWithoutItsKeyIsItsOwnProblemAndSaysWhyItMatters() {
        var item = rules.evaluate(IndexerObservation.ofState(IndexerState.missing(ID), NOW), NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.MISSING_STATE);
        assertThat(item.reason()).contains("indexer_states").contains("has no value").contains("will not start");
        assertThat(IndexerState.missing(ID).lifecycleText()).isEqualTo("No state (key missing)");
    }

    @Test
    void unreadableJsonSaysWhatIsWrongNotThatALifecycleIsMissing() {
        var bad = new IndexerState(ID, LifecycleState.UNKNOWN, null, null, null, "{\"enabled\":tru}",
                "malformed JSON at line 1, column 15: Unrecognized token 'tru'", IndexerState.Readability.UNREADABLE);
        var item = rules.evaluate(IndexerObservation.ofState(bad, NOW), NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.UNREADABLE_STATE);
        assertThat(item.reason()).startsWith("state value unreadable: malformed JSON at line 1, column 15")
                .doesNotContain("missing");
        assertThat(item.more()).isZero();
        assertThat(bad.lifecycleText()).isEqualTo("Unreadable (malformed JSON)");
    }

    @Test
    void upstreamReasonsNameWhatTheCoordinatorWillDo() {
        var upstream = rules.withCoordinator(CoordinatorKind.UPSTREAM);
        var repairing = IndexerObservation.ofState(IndexerState.of(ID, LifecycleState.REPAIRING, true), NOW.minusSeconds(120));
        assertThat(upstream.evaluate(repairing, NOW).orElseThrow().reason()).contains("has no Repair").doesNotContain("needs Repair");
        assertThat(rules.withCoordinator(CoordinatorKind.EXTENSION).evaluate(repairing, NOW).orElseThrow().reason()).endsWith("needs Repair");
        var stalled = obs(LifecycleState.RUNNING, NOW.minusSeconds(3600), StreamHealth.STALLED, NOW.getEpochSecond() - 10,
                NOW.minusSeconds(130), ExecutorHealth.RUNNING, null, NOW.minusSeconds(252));
        assertThat(upstream.evaluate(stalled, NOW).orElseThrow().reason())
                .isEqualTo("no block published for 4 min 12 s (stream STALLED); upstream's coordinator restarts it after a 600-s wait");
        assertThat(UpstreamRestart.unhealthyBecause(stalled, NOW)).isEqualTo("its block stream is STALLED");
    }

    @Test
    void theMostUrgentProblemWinsAndTheOthersAreCounted() {
        var o = new IndexerObservation(IndexerState.of(ID, LifecycleState.REPAIRING, true), NOW.minusSeconds(60),
                StreamHealth.STALLED, NOW.getEpochSecond() - 500, NOW.minusSeconds(60), ExecutorHealth.FAILING, NOW.minusSeconds(60), 1L, null);
        var item = rules.evaluate(o, NOW).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.REPAIRING);
        assertThat(item.more()).isEqualTo(3);
    }

    @Test
    void deletedIndexersNeedNobody() {
        var o = new IndexerObservation(IndexerState.of(ID, LifecycleState.DELETED, false), NOW.minusSeconds(9999),
                StreamHealth.STALLED, 1, NOW, ExecutorHealth.FAILING, NOW, null, null);
        assertThat(rules.evaluate(o, NOW)).isEmpty();
    }

    @Test
    void rankingPutsTheMostUrgentAndOldestFirst() {
        var a = new AttentionItem(new IndexerId("a.near", "x"), AttentionKind.FAILING_EXECUTOR, "", NOW.minusSeconds(900), 0);
        var b = new AttentionItem(new IndexerId("b.near", "x"), AttentionKind.REPAIRING, "", NOW.minusSeconds(10), 0);
        var c = new AttentionItem(new IndexerId("c.near", "x"), AttentionKind.REPAIRING, "", NOW.minusSeconds(100), 0);
        List<AttentionItem> list = new ArrayList<>(List.of(a, b, c));
        list.sort(AttentionItem.RANKING);
        assertThat(list).containsExactly(c, b, a);
    }

    @Test
    void humanDurations() {
        assertThat(HumanDuration.format(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(HumanDuration.format(Duration.ofSeconds(252))).isEqualTo("4 min 12 s");
        assertThat(HumanDuration.format(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(HumanDuration.format(Duration.ofSeconds(3780))).isEqualTo("1 h 3 min");
        assertThat(HumanDuration.format(Duration.ofSeconds(-5))).isEqualTo("0 s");
        assertThat(HumanDuration.format(Duration.ofDays(2).plusHours(5))).isEqualTo("2 d 5 h");
    }
}
