package dev.watchkeeper.connectors.profile;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} references in profile values. They are expanded only
 * when a connection opens; the file keeps the references.
 */
public final class EnvReferences {

    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvReferences() {
    }

    /**
     * Expands every reference in {@code value} (null stays null).
     *
     * @param where names the field for the error, e.g. "profile 'mainnet' coordinator.bearerToken"
     * @throws ProfileException naming the variable (not any value) when one is unset and has no default
     */
    public static String expand(String value, Function<String, String> env, String where) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                v = m.group(2);
            }
            if (v == null) {
                throw new ProfileException(where + " refers to environment variable " + m.group(1) + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** True when {@code value} consists of references only (so writing it reveals nothing). */
    public static boolean onlyReferences(String value) {
        return value != null && !value.isBlank() && REF.matcher(value).replaceAll("").isBlank();
    }
}
