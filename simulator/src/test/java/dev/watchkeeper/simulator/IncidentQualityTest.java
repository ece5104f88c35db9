package dev.watchkeeper.simulator;

import dev.watchkeeper.model.incident.IncidentSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incident grouping measured, not eyeballed: every named scenario with background noise over
 * many seeds. Writes target/incident-quality.json, from which docs/incidents.md's table is
 * generated (IncidentDocs), and holds the goals: ≥ 95% of injected incidents found whole, ≤ 5% of
 * lone problems wrongly merged, at the everyday and the busy noise level (2 and 6 a minute); 12 a
 * minute is reported.
 */
class IncidentQualityTest {

    static final int SEEDS = 200;
    static final double EVERYDAY_NOISE = 2;
    static final double BUSY_NOISE = 6;
    /** Reported, not held to the goals: a fleet where one problem begins every five seconds. */
    static final double SICK_NOISE = 12;

    @Test
    void injectedIncidentsAreFoundWholeAndLoneProblemsStayLone() throws Exception {
        IncidentSettings settings = IncidentSettings.defaults();
        List<IncidentQuality.Row> rows = new ArrayList<>();
        for (double noise : new double[]{EVERYDAY_NOISE, BUSY_NOISE, SICK_NOISE}) {
            for (IncidentScenario s : IncidentScenario.values()) {
                rows.add(IncidentQuality.measure(s, noise, SEEDS, settings));
            }
        }
        Path out = Path.of("target", "incident-quality.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, IncidentQuality.toJson(rows, settings, Instant.now().toString()), StandardCharsets.UTF_8);

        for (IncidentQuality.Row r : rows) {
            if (r.noisePerMinute() <= BUSY_NOISE) {
                assertThat(r.foundWholeShare()).as("%s found whole", r.scenario()).isGreaterThanOrEqualTo(0.95);
                assertThat(r.loneIndexerMergedShare()).as("%s lone indexer problems wrongly merged", r.scenario()).isLessThanOrEqualTo(0.05);
                assertThat(r.lonePoolerMergedShare()).as("%s lone pooler failures wrongly merged", r.scenario()).isLessThanOrEqualTo(0.05);
            }
        }
        // The table reads back from the file as written.
        assertThat(IncidentQuality.fromJson(Files.readString(out)).rows()).isEqualTo(rows);
    }

    @Test
    void theDocsGeneratorSplicesTheTableBetweenItsMarkersAndRefusesADocWithout() throws Exception {
        IncidentQuality.Results r = IncidentQuality.fromJson(IncidentQuality.toJson(
                List.of(new IncidentQuality.Row("lake-outage", 40, 2, 10, 10, 500, 3, 4000, 0, 190)), IncidentSettings.defaults(), "2026-11-30T12:00:00Z"));
        String doc = "# Incidents\n\n" + IncidentDocs.BEGIN + "\nold\n" + IncidentDocs.END + "\n\nafter\n";
        String spliced = IncidentDocs.splice(doc, IncidentDocs.table(r));
        assertThat(spliced).contains("| lake-outage | 40 | 2 | 10 | 10 (100.0%) | 3 of 500 (0.60%) | 0 of 4000 (0.00%) | 3 min 10 s |")
                .doesNotContain("old").endsWith(IncidentDocs.END + "\n\nafter\n");
        assertThat(IncidentDocs.splice(spliced, IncidentDocs.table(r))).isEqualTo(spliced);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IncidentDocs.splice("# none", "x"))
                .hasMessageContaining("markers");
    }
}
