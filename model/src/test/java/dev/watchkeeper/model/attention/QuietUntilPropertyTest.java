package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console skips re-evaluating an unchanged healthy indexer until {@link AttentionRules#quietUntil}:
 * no rule may find a problem before then, or the skip would hide an alarm.
 */
class QuietUntilPropertyTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final IndexerId ID = new IndexerId("ops.near", "feed");

    @Property(tries = 20_000)
    void noRuleFindsAProblemBeforeTheQuietEnds(@ForAll("observations") IndexerObservation o, @ForAll("coordinators") CoordinatorKind kind,
                                               @ForAll("offsets") long probeMillis) {
        AttentionRules rules = new AttentionRules(Duration.ofMinutes(5), ZoneOffset.UTC, kind);
        if (!rules.problems(o, T0).isEmpty()) {
            return;
        }
        // a moment already past only means "evaluate again now": safe
        Instant until = rules.quietUntil(o);
        Instant probe = T0.plusMillis(probeMillis);
        if (probe.isBefore(until)) {
            assertThat(rules.problems(o, probe)).as("at %s, quiet until %s", probe, until).isEmpty();
        }
        if (until != Instant.MAX) {
            assertThat(rules.problems(o, until.minusNanos(1))).as("just before %s", until).isEmpty();
        }
    }

    @Provide
    Arbitrary<CoordinatorKind> coordinators() {
        return Arbitraries.of(CoordinatorKind.values());
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.longs().between(0, Duration.ofHours(2).toMillis());
    }

    @Provide
    Arbitrary<IndexerObservation> observations() {
        Arbitrary<LifecycleState> life = Arbitraries.of(LifecycleState.values());
        Arbitrary<StreamHealth> stream = Arbitraries.of(StreamHealth.values());
        Arbitrary<ExecutorHealth> executor = Arbitraries.of(ExecutorHealth.values());
        // state began up to 10 minutes before T0 (or unknown); stream health reported up to 5 minutes before (or never)
        Arbitrary<Long> stateAgo = Arbitraries.longs().between(-1, 600_000);
        Arbitrary<Long> reportAgo = Arbitraries.longs().between(-1, 300);
        Arbitrary<Boolean> exact = Arbitraries.of(true, false);
        return Combinators.combine(life, stream, executor, stateAgo, reportAgo, exact).as((l, s, e, ago, rep, ex) ->
                new IndexerObservation(IndexerState.of(ID, l, l != LifecycleState.SUSPENDED),
                        ago < 0 ? null : T0.minusMillis(ago), s, rep < 0 ? 0 : T0.getEpochSecond() - rep,
                        T0.minusSeconds(30), e, T0.minusSeconds(30), 120_000_000L, T0.minusSeconds(2), ex));
    }
}
