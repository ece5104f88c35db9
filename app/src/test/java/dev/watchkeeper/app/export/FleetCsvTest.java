package dev.watchkeeper.app.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FleetCsvTest {

    @Test
    void quotesWhatNeedsQuotingAndDefusesFormulas() {
        assertThat(FleetCsv.quote("plain")).isEqualTo("plain");
        assertThat(FleetCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(FleetCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(FleetCsv.quote("=HYPERLINK(1)")).isEqualTo("\"'=HYPERLINK(1)\"");
    }
}
