package dev.watchkeeper.connectors.logs;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What of {@code sys_logs} to read.
 *
 * @param levels stored level names to keep ({@code DEBUG}...); empty keeps all
 * @param types  {@code system}/{@code user} to keep; empty keeps all
 * @param search words the message must contain, matched through the table's full-text index; null or blank for none
 * @param since  oldest timestamp wanted; null for no bound
 */
public record PgLogFilter(Set<String> levels, Set<String> types, String search, Instant since) {

    public static final PgLogFilter ALL = new PgLogFilter(Set.of(), Set.of(), null, null);

    /** Stored level names, lowest first, as upstream's {@code LogLevel} enum names them (runner/src/indexer-meta/log-entry.ts). */
    public static final java.util.List<String> LEVELS = java.util.List.of("DEBUG", "INFO", "WARN", "ERROR");

    public PgLogFilter {
        levels = levels == null ? Set.of() : Set.copyOf(levels);
        types = types == null ? Set.of() : Set.copyOf(types);
        search = search == null || search.isBlank() ? null : search.strip();
    }

    /** The levels at or above {@code min} ({@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}; case ignored). */
    public static Set<String> atLeast(String min) {
        int i = LEVELS.indexOf(min.toUpperCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException("unknown level '" + min + "' (one of " + String.join(", ", LEVELS) + ")");
        }
        return new TreeSet<>(LEVELS.subList(i, LEVELS.size()));
    }

    public PgLogFilter withSince(Instant t) {
        return new PgLogFilter(levels, types, search, t);
    }
}
