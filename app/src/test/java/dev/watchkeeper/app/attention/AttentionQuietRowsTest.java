package dev.watchkeeper.app.attention;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.attention.AttentionRules;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Healthy rows are not evaluated again on every tick until they change or time alone could make a
 * rule fire: the alarms that come from time passing (stale stream health, a stuck transition) must
 * still come, on the tick they are due. A tick with nothing due evaluates only the rows that have an
 * entry (their reasons carry durations).
 */
class AttentionQuietRowsTest extends ApplicationTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final IndexerId STREAMING = new IndexerId("ops.near", "streaming");
    private static final IndexerId SUSPENDING = new IndexerId("ops.near", "suspending");

    private final FleetViewModel fleet = new FleetViewModel();
    private final SimpleObjectProperty<Instant> clock = new SimpleObjectProperty<>(T0);
    private AttentionViewModel model;

    @Override
    public void start(Stage stage) {
        model = new AttentionViewModel(fleet, clock, AttentionRules.defaults(), Duration.ZERO);
    }

    private AttentionKind kindOf(IndexerId id) throws Exception {
        return fx(() -> model.ranked().stream().filter(e -> e.row().id().equals(id)).map(e -> e.item().kind()).findFirst().orElse(null));
    }

    /** As the session's clock ticks: the model evaluates on the change of the clock alone. */
    private void tickTo(Instant t) throws Exception {
        fx(() -> {
            clock.set(t);
            return null;
        });
    }

    @Test
    void alarmsDueToTimePassingComeOnTheTickTheyAreDue() throws Exception {
        fx(() -> {
            fleet.applyAll(List.of(
                    StateBatch.full(List.of(IndexerState.of(STREAMING, LifecycleState.RUNNING, true),
                            IndexerState.of(SUSPENDING, LifecycleState.RUNNING, true)), T0),
                    new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(STREAMING, "s", 1, StreamHealth.RUNNING,
                            T0.getEpochSecond()), new StreamStatus(SUSPENDING, "t", 1, StreamHealth.RUNNING, T0.getEpochSecond() + 1_000_000)),
                            List.of(), true, T0),
                    // an observed transition: Suspending began exactly at T0 + 1 s
                    StateBatch.changes(List.of(IndexerState.of(SUSPENDING, LifecycleState.SUSPENDING, false)), Set.of(), T0.plusSeconds(1))));
            model.recompute();
            return null;
        });
        assertThat(model.ranked()).isEmpty();

        // ticks while everything is fine: the rows are skipped, nothing shows
        Duration stuckAfter = AttentionRules.DEFAULT_STUCK_AFTER;
        for (int s = 2; s <= stuckAfter.toSeconds(); s += 7) {
            tickTo(T0.plusSeconds(s));
            assertThat(model.ranked()).isEmpty();
        }
        // the transition is stuck once it lasted longer than the rules allow, on that tick
        tickTo(T0.plusSeconds(1).plus(stuckAfter));
        assertThat(kindOf(SUSPENDING)).isNull();
        tickTo(T0.plusSeconds(2).plus(stuckAfter));
        assertThat(kindOf(SUSPENDING)).isEqualTo(AttentionKind.STUCK_TRANSITION);

        tickTo(T0.plusSeconds(StreamHealth.STALE_AFTER_SECONDS));
        assertThat(kindOf(STREAMING)).as("not stale at exactly %d s", StreamHealth.STALE_AFTER_SECONDS).isNull();
        // the stream's report is now older than the limit: stale, on this tick
        tickTo(T0.plusSeconds(StreamHealth.STALE_AFTER_SECONDS + 1));
        assertThat(kindOf(STREAMING)).isEqualTo(AttentionKind.STALE_HEALTH);
    }

    @Test
    void aTickWithNothingDueAsksOnlyTheRowsWithAnEntry() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        IndexerId failing = new IndexerId("ops.near", "failing");
        fx(() -> {
            List<IndexerState> states = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) {
                states.add(IndexerState.of(new IndexerId("fleet.near", "f" + i), LifecycleState.RUNNING, true));
            }
            states.add(IndexerState.of(failing, LifecycleState.REPAIRING, true));
            fleet.applyAll(List.of(StateBatch.full(states, T0)));
            model.addRule(id -> {
                asked.incrementAndGet();
                return java.util.Optional.empty();
            });
            model.recompute();
            return null;
        });
        assertThat(kindOf(failing)).isNotNull();
        assertThat(asked.get()).as("a full evaluation asks every row").isGreaterThanOrEqualTo(501);

        asked.set(0);
        for (int s = 1; s <= 5; s++) {
            tickTo(T0.plusSeconds(s));
        }
        assertThat(asked.get()).as("five ticks, one row with an entry").isEqualTo(5);
        assertThat(kindOf(failing)).isNotNull();

        // a change of the fleet: every row again, and the entry goes once its row is fine
        asked.set(0);
        fx(() -> {
            fleet.applyAll(List.of(StateBatch.changes(List.of(IndexerState.of(failing, LifecycleState.RUNNING, true)), Set.of(), T0.plusSeconds(6))));
            return null;
        });
        tickTo(T0.plusSeconds(6));
        assertThat(asked.get()).isGreaterThanOrEqualTo(501);
        assertThat(kindOf(failing)).isNull();
    }
}
