package dev.watchkeeper.app.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The console's one set of time formats, all in the system zone: clock times where the day is
 * obvious, a date and the zone in tooltips (teams work across zones), and relative ages ("12 s
 * ago") where freshness matters. Exports use ISO-8601 with offset (see FleetCsv), not these.
 */
public final class Times {

    public static final ZoneId ZONE = ZoneId.systemDefault();
    /** 14:03:27 */
    public static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZONE);
    /** 14:03:27 CET */
    public static final DateTimeFormatter CLOCK_ZONE = DateTimeFormatter.ofPattern("HH:mm:ss zzz").withZone(ZONE);
    /** 14:03:27.125, for log lines */
    public static final DateTimeFormatter CLOCK_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZONE);
    /** 2026-11-30 14:03:27 */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);
    /** 2026-11-30 14:03:27 CET: the absolute time behind a relative age, in its tooltip */
    public static final DateTimeFormatter DATE_TIME_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz").withZone(ZONE);

    private Times() {
    }

    /** The absolute time with date and zone (tooltips); "unknown" for null. */
    public static String exact(Instant at) {
        return at == null ? "unknown" : DATE_TIME_ZONE.format(at);
    }

    /**
     * "just now", "12 s ago", "4 min ago", "2 h 5 min ago", "3 d ago": seconds while they matter, so
     * an old age changes its text (and repaints) once a minute, not every second.
     */
    public static String ago(Instant at, Instant now) {
        long s = Math.max(0, Duration.between(at, now).toSeconds());
        if (s < 2) {
            return "just now";
        }
        if (s < 60) {
            return s + " s ago";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min ago";
        }
        long h = m / 60;
        if (h < 48) {
            return m % 60 == 0 ? h + " h ago" : h + " h " + (m % 60) + " min ago";
        }
        return h / 24 + " d ago";
    }
}
