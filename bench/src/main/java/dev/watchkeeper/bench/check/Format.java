package dev.watchkeeper.bench.check;

import java.util.Locale;

/** Numbers as the results and the generated docs print them. */
public final class Format {

    private Format() {
    }

    /** Thousands separated, at most three significant decimals below 10, one below 100, none above. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 || v == Math.rint(v) ? "%,.0f" : a >= 10 ? "%,.1f" : a >= 0.1 ? "%,.2f" : "%,.3f";
        return String.format(Locale.ROOT, pattern, v);
    }
}
