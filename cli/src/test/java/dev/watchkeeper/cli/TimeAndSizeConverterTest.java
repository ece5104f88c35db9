package dev.watchkeeper.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeAndSizeConverterTest {

    private final TimeConverter times = new TimeConverter(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneId.of("Europe/Berlin")));

    @Test
    void momentsAreReadInEveryDocumentedForm() {
        assertThat(times.convert("2026-11-30T03:12:00Z")).isEqualTo(Instant.parse("2026-11-30T03:12:00Z"));
        assertThat(times.convert("2026-11-30T03:12:00+01:00")).isEqualTo(Instant.parse("2026-11-30T02:12:00Z"));
        assertThat(times.convert("2026-11-30 03:12")).as("local time, Berlin").isEqualTo(Instant.parse("2026-11-30T02:12:00Z"));
        assertThat(times.convert("03:12:30")).isEqualTo(Instant.parse("2026-11-30T02:12:30Z"));
        assertThat(times.convert("2026-11-29")).isEqualTo(Instant.parse("2026-11-28T23:00:00Z"));
        assertThat(times.convert("2h")).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(times.convert("90m ago")).isEqualTo(Instant.parse("2026-11-30T10:30:00Z"));
        assertThat(times.convert("now")).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThatThrownBy(() -> times.convert("25:99")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'25:99' is not a time");
        assertThatThrownBy(() -> times.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void sizesAreReadInPowersOf1024() {
        SizeConverter sizes = new SizeConverter();
        assertThat(sizes.convert("2GB")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(sizes.convert("500 MB")).isEqualTo(500L * 1024 * 1024);
        assertThat(sizes.convert("1.5g")).isEqualTo(3L * 512 * 1024 * 1024);
        assertThat(sizes.convert("4096")).isEqualTo(4096L);
        assertThatThrownBy(() -> sizes.convert("lots")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> sizes.convert("0")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
