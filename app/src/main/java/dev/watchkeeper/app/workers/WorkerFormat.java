package dev.watchkeeper.app.workers;

import java.util.Locale;

/** How the workers' figures read in tables and labels; "—" for a figure not given. */
public final class WorkerFormat {

    public static final String NONE = "—";

    private WorkerFormat() {
    }

    public static String rate(Double blocksPerSecond) {
        return blocksPerSecond == null ? NONE : String.format(Locale.ROOT, "%.2f", blocksPerSecond);
    }

    public static String seconds(Double s) {
        if (s == null) {
            return NONE;
        }
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }

    public static String percent(Double share) {
        return share == null ? NONE : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    public static String count(Long n) {
        return n == null ? NONE : String.format(Locale.ROOT, "%,d", n);
    }

    public static String megabytes(Double mb) {
        return mb == null ? NONE : String.format(Locale.ROOT, "%.0f MB", mb);
    }

    public static String perSecond(Double v) {
        return v == null ? NONE : String.format(Locale.ROOT, "%.2f/s", v);
    }
}
