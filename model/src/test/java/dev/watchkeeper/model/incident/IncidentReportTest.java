package dev.watchkeeper.model.incident;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentReportTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    /** Five executors stalled a second apart from T0. */
    private static List<Problem> stalledExecutors(String function) {
        List<Problem> ps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ps.add(Problems.of(new AttentionItem(new IndexerId("a" + i + ".near", function), AttentionKind.STALLED_EXECUTOR,
                    "executor STALLED", T0.plusSeconds(i), 0), null, T0));
        }
        return ps;
    }

    private static Incident resolvedIncident() {
        ManualClock clock = new ManualClock(T0);
        IncidentEngine engine = IncidentEngine.defaults(clock);
        List<Problem> ps = stalledExecutors("f|x");
        engine.apply(ps, List.of());
        clock.set(T0.plusSeconds(300));
        return engine.apply(List.of(), ps.stream().map(Problem::key).toList()).getFirst().incident();
    }

    @Test
    void reportHasTimelineMembersCommandsDuringTheIncidentAndTimeToRecovery() throws Exception {
        Incident inc = resolvedIncident();
        List<AuditEntry> audit = List.of(
                AuditEntry.draft(T0.minusSeconds(60), "ops", "prod", "Suspend", List.of("before.near/x"), "", AuditOutcome.CONFIRMED, ""),
                AuditEntry.draft(T0.plusSeconds(120), "ops", "prod", "Restart", List.of("a0.near/f|x", "a1.near/f|x"), "runner died",
                        AuditOutcome.CONFIRMED, "Running"),
                AuditEntry.draft(T0.plusSeconds(900), "ops", "prod", "Delete", List.of("after.near/x"), "", AuditOutcome.CONFIRMED, ""));
        IncidentReport report = new IncidentReport(inc, audit, T0.plusSeconds(1000));

        assertThat(report.commands()).extracting(AuditEntry::command).containsExactly("Restart");
        String md = report.markdown(ZoneOffset.UTC);
        assertThat(md).contains("# Incident " + inc.id())
                .contains("| time to recovery | 5 min |")
                .contains("| 12:02:00 | command Restart | a0.near/f\\|x, a1.near/f\\|x | CONFIRMED: Running |")
                .contains("| 12:05:00 | incident resolved |")
                .contains("| a4.near/f\\|x | Executor stalled | 12:00:04 | 12:05:00 | 4 min 56 s |")
                .doesNotContain("before.near").doesNotContain("after.near");

        String json = report.json();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                // parses whole: valid JSON
            }
        }
        assertThat(json).contains("\"timeToRecoverySeconds\" : 300").contains("\"command\":\"Restart\"")
                .contains("\"event\" : \"incident resolved\"");
    }

    @Test
    void anIncidentWhoseEngineStoppedReportsWhenItWasLastObservedNotThatItGoesOn() {
        ManualClock clock = new ManualClock(T0);
        Incident open = IncidentEngine.defaults(clock).apply(stalledExecutors("f"), List.of()).getFirst().incident();
        Incident stale = open.observedUntil(T0.plusSeconds(180));
        assertThat(stale.unobserved()).isTrue();
        assertThat(stale.open()).isFalse();
        assertThat(stale.resolved()).isFalse();
        assertThat(stale.duration(T0.plusSeconds(86_400)).toSeconds()).isEqualTo(180);

        IncidentReport report = new IncidentReport(stale, List.of(), T0.plusSeconds(86_400));
        assertThat(report.markdown(ZoneOffset.UTC))
                .contains("| ended | unknown: not observed after 2026-11-30 12:03 UTC (its console or recorder stopped) |")
                .contains("| time to recovery | unknown (lasted at least 3 min) |")
                .contains("| 12:03:00 | no longer observed |")
                .doesNotContain("so far");
        assertThat(report.json()).contains("\"status\" : \"unobserved\"").contains("\"observedUntil\" : \"2026-11-30T12:03:00Z\"")
                .contains("\"durationSeconds\" : 180");
        // a resolved incident is never unobserved
        assertThat(resolvedIncident().observedUntil(T0).unobserved()).isFalse();
    }
}
