package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.IndexerId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailureRateJumpTest {

    static final IndexerId ID = new IndexerId("a.near", "feed");
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    static Map<IndexerId, Double> rate(Double r) {
        Map<IndexerId, Double> m = new HashMap<>();
        m.put(ID, r);
        return m;
    }

    @Test
    void aHealthyExecutorWhoseFailuresJumpIsFlaggedUntilTheyFallBack() {
        FailureRateJump j = new FailureRateJump();
        j.update(rate(0.0), T0);
        j.update(rate(0.02), T0.plusSeconds(15));
        assertThat(j.item(ID)).isEmpty();
        j.update(rate(1.0), T0.plusSeconds(30));
        AttentionItem item = j.item(ID).orElseThrow();
        assertThat(item.kind()).isEqualTo(AttentionKind.FAILURE_RATE_JUMP);
        assertThat(item.reason()).isEqualTo("failed executions rose from 0% to 100% (runner metrics)");
        assertThat(item.since()).isEqualTo(T0.plusSeconds(30));
        j.update(rate(null), T0.plusSeconds(45));
        j.update(rate(0.3), T0.plusSeconds(60));
        assertThat(j.item(ID)).get().satisfies(i -> {
            assertThat(i.reason()).contains("to 30%");
            assertThat(i.since()).isEqualTo(T0.plusSeconds(30));
        });
        j.update(rate(0.1), T0.plusSeconds(75));
        assertThat(j.item(ID)).isEmpty();
    }

    @Test
    void anExecutorThatAlwaysFailedOrStartsFailingIsNoJump() {
        FailureRateJump j = new FailureRateJump();
        j.update(rate(0.9), T0);
        j.update(rate(1.0), T0.plusSeconds(15));
        assertThat(j.item(ID)).as("failing from its first window: Redis health covers it").isEmpty();
        j.update(Map.of(), T0.plusSeconds(30));
        j.update(rate(1.0), T0.plusSeconds(45));
        assertThat(j.item(ID)).as("forgotten, then its first window again").isEmpty();
    }
}
