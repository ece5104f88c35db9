package dev.watchkeeper.cli;

import picocli.CommandLine;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads a moment: ISO-8601 with an offset ("2026-11-30T03:12:00Z"), a local date and time
 * ("2026-11-30 03:12" or "2026-11-30T03:12:05"), a time today ("03:12", "03:12:30"), a date
 * (its midnight), "now", or how long ago ("90m", "2h", "1d" and the other {@link DurationConverter} forms).
 * Local times are in this machine's time zone.
 */
public final class TimeConverter implements CommandLine.ITypeConverter<Instant> {

    private final Clock clock;

    public TimeConverter() {
        this(Clock.systemDefaultZone());
    }

    TimeConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("now")) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        String t = v.replace(' ', 'T');
        try {
            return LocalDateTime.parse(t).atZone(clock.getZone()).toInstant();
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return LocalDate.parse(v).atStartOfDay(clock.getZone()).toInstant();
        } catch (DateTimeParseException notDate) {
            // next form
        }
        if (v.contains(":")) {
            try {
                return LocalDate.now(clock).atTime(LocalTime.parse(v)).atZone(clock.getZone()).toInstant();
            } catch (DateTimeParseException notTime) {
                throw invalid(value);
            }
        }
        try {
            return clock.instant().minus(new DurationConverter().convert(v.toLowerCase(Locale.ROOT).replace(" ago", "")));
        } catch (CommandLine.TypeConversionException notDuration) {
            throw invalid(value);
        }
    }

    private static CommandLine.TypeConversionException invalid(String value) {
        return new CommandLine.TypeConversionException("'" + value + "' is not a time (use e.g. 2026-11-30T03:12:00Z, "
                + "\"2026-11-30 03:12\", 03:12 for today, or 2h for two hours ago)");
    }
}
