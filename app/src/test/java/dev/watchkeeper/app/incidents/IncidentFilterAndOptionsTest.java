package dev.watchkeeper.app.incidents;

import dev.watchkeeper.app.ConsoleOptions;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.Problem;
import dev.watchkeeper.model.incident.Problems;
import dev.watchkeeper.simulator.IncidentScenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Incidents tab's filter, and the demo's --incident option. */
class IncidentFilterAndOptionsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static Incident incident(AttentionKind kind, boolean resolve) {
        ManualClock clock = new ManualClock(T0);
        IncidentEngine engine = IncidentEngine.defaults(clock);
        List<Problem> ps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ps.add(Problems.of(new AttentionItem(new IndexerId("ix" + i + ".near", "feed"), kind, "r", T0.plusSeconds(i), 0), null, T0));
        }
        Incident open = engine.apply(ps, List.of()).getFirst().incident();
        if (!resolve) {
            return open;
        }
        clock.set(T0.plusSeconds(90));
        return engine.apply(List.of(), ps.stream().map(Problem::key).toList()).getFirst().incident();
    }

    @Test
    void theFilterSelectsByStatusKindTimeAndText() {
        Incident open = incident(AttentionKind.STALLED_EXECUTOR, false);
        Incident resolved = incident(AttentionKind.REPAIRING, true);
        Instant now = T0.plus(Duration.ofHours(2));
        assertThat(IncidentFilter.all().test(open, now)).isTrue();
        assertThat(new IncidentFilter(IncidentFilter.Status.OPEN, null, null, "").test(resolved, now)).isFalse();
        assertThat(new IncidentFilter(IncidentFilter.Status.RESOLVED, null, null, "").test(resolved, now)).isTrue();
        assertThat(new IncidentFilter(IncidentFilter.Status.ALL, "REPAIRING", null, "").test(open, now)).isFalse();
        assertThat(new IncidentFilter(IncidentFilter.Status.ALL, null, Duration.ofHours(1), "").test(open, now)).isFalse();
        assertThat(new IncidentFilter(IncidentFilter.Status.ALL, null, Duration.ofHours(3), "").test(open, now)).isTrue();
        assertThat(new IncidentFilter(IncidentFilter.Status.ALL, null, null, "IX3.NEAR").test(open, now)).as("a member's name").isTrue();
        assertThat(new IncidentFilter(IncidentFilter.Status.ALL, null, null, "runner host").test(open, now)).as("the title").isTrue();
        assertThat(new IncidentFilter(IncidentFilter.Status.ALL, null, null, "lake").test(open, now)).isFalse();
    }

    @Test
    void theDemoPlaysANamedIncidentAndSaysWhatIsWrongOtherwise() {
        assertThat(ConsoleOptions.parse(List.of("--demo", "--incident", "lake-outage")).incident()).isEqualTo(IncidentScenario.LAKE_OUTAGE);
        assertThat(ConsoleOptions.parse(List.of("--demo")).incident()).isNull();
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--incident", "flood"))).hasMessageContaining("unknown incident scenario 'flood'");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--incident"))).hasMessageContaining("Missing required parameter for option '--incident'");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--coordinator", "h:1", "--redis", "redis://h", "--incident", "lake-outage")))
                .hasMessageContaining("demo control plane only");
    }
}
