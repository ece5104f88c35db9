package dev.watchkeeper.connectors;

import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * A duration set by a system property in seconds (fractions allowed), for tuning knobs that have
 * no place in a profile. A value that is not a positive number is reported once in the log and the
 * default used, so a typo never turns a timer off.
 */
public final class DurationProperty {

    private DurationProperty() {
    }

    public static Duration seconds(String property, Duration fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double seconds = Double.parseDouble(v.trim());
            if (seconds > 0 && seconds < 1e6) {
                return Duration.ofMillis(Math.max(1, (long) (seconds * 1000)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LoggerFactory.getLogger(DurationProperty.class).warn("{}={} is not a positive number of seconds; using {} s",
                property, v, fallback.toMillis() / 1000.0);
        return fallback;
    }
}
