package dev.watchkeeper.bench.check;

import java.util.Locale;

/**
 * One figure against its target. A benchmark makes one per claim and fails its run when any is
 * missed: the target lives in code, next to the measurement, and the docs quote the result.
 *
 * @param figure what is measured, as the docs name it
 * @param value  the measured figure
 * @param unit   its unit ("ms", "cores", "MB", "×")
 * @param limit  the target
 * @param below  true when the figure must stay below the limit, false when it must reach it
 */
public record Target(String figure, double value, String unit, double limit, boolean below) {

    public static Target below(String figure, double value, String unit, double limit) {
        return new Target(figure, value, unit, limit, true);
    }

    public static Target atLeast(String figure, double value, String unit, double limit) {
        return new Target(figure, value, unit, limit, false);
    }

    public boolean met() {
        return below ? value < limit : value >= limit;
    }

    /** The figure as a share of the target: under 1 is met for "below" targets, 1 or more for "at least" ones. */
    public double ratio() {
        return limit == 0 ? Double.NaN : value / limit;
    }

    /** "< 2 %" or "≥ 10 ×": the target as the docs print it. */
    public String targetText() {
        return (below ? "< " : "≥ ") + Format.number(limit) + " " + unit;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-4s %-60s %12s %-6s target %-12s (%.2f of target)",
                met() ? "ok" : "MISS", figure, Format.number(value), unit, targetText(), ratio());
    }
}
