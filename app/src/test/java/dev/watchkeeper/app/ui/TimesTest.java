package dev.watchkeeper.app.ui;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Relative ages read at a glance and keep seconds only while they matter (an old age changes once a minute). */
class TimesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void agesAreRelativeAndCoarsenWithTime() {
        assertThat(Times.ago(NOW, NOW)).isEqualTo("just now");
        assertThat(Times.ago(NOW.plusSeconds(3), NOW)).as("a clock slightly ahead").isEqualTo("just now");
        assertThat(Times.ago(NOW.minusSeconds(12), NOW)).isEqualTo("12 s ago");
        assertThat(Times.ago(NOW.minusSeconds(4 * 60 + 59), NOW)).isEqualTo("4 min ago");
        assertThat(Times.ago(NOW.minusSeconds(2 * 3600 + 5 * 60), NOW)).isEqualTo("2 h 5 min ago");
        assertThat(Times.ago(NOW.minusSeconds(3 * 3600), NOW)).isEqualTo("3 h ago");
        assertThat(Times.ago(NOW.minusSeconds(3 * 86400), NOW)).isEqualTo("3 d ago");
    }

    @Test
    void theExactTimeHasDateAndZone() {
        assertThat(Times.exact(NOW)).matches("2026-11-30 \\d\\d:00:00 \\S+");
        assertThat(Times.exact(null)).isEqualTo("unknown");
    }
}
