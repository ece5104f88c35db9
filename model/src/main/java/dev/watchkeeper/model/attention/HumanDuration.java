package dev.watchkeeper.model.attention;

import java.time.Duration;

/** Durations as an operator reads them: "45 s", "4 min 12 s", "2 min", "1 h 3 min", "2 d 5 h". */
public final class HumanDuration {

    private HumanDuration() {
    }

    public static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            long m = s / 60;
            long rest = s % 60;
            return rest == 0 ? m + " min" : m + " min " + rest + " s";
        }
        if (s < 86_400) {
            long h = s / 3600;
            long m = (s % 3600) / 60;
            return m == 0 ? h + " h" : h + " h " + m + " min";
        }
        long days = s / 86_400;
        long h = (s % 86_400) / 3600;
        return h == 0 ? days + " d" : days + " d " + h + " h";
    }
}
