package dev.watchkeeper.history;

import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.HistorySettings;
import dev.watchkeeper.model.audit.AuditLog;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a profile's history lives: a SQLite file per profile under the user's data directory by
 * default ({@code $XDG_DATA_HOME/watchkeeper/history/<profile>.db}), or the store the profile's
 * {@code history} setting names (a SQLite file or a shared PostgreSQL database, with its user and
 * password), or the one named by {@value #URL_VARIABLE} (user and password in {@value #USER_VARIABLE}
 * and {@value #PASSWORD_VARIABLE}).
 *
 * @param jdbcUrl  {@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}
 * @param user     null for SQLite
 * @param password null for SQLite
 */
public record StoreLocation(String jdbcUrl, String user, String password) {

    public static final String URL_VARIABLE = "WATCHKEEPER_HISTORY_URL";
    public static final String USER_VARIABLE = "WATCHKEEPER_HISTORY_USER";
    public static final String PASSWORD_VARIABLE = "WATCHKEEPER_HISTORY_PASSWORD";
    /** The profile name used when none is given. */
    public static final String DEFAULT_PROFILE = "default";

    /** The databases the store runs on. */
    public enum Dialect {
        SQLITE, POSTGRESQL
    }

    public StoreLocation {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:sqlite:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("history store URL must start with jdbc:sqlite: or jdbc:postgresql:, not " + redact(jdbcUrl));
        }
    }

    public static StoreLocation sqlite(Path file) {
        return new StoreLocation("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    /**
     * The store for {@code profile} (null: {@value #DEFAULT_PROFILE}): an explicit URL (option, else
     * {@value #URL_VARIABLE}) wins; else the profile's SQLite file.
     */
    public static StoreLocation resolve(String explicitUrl, String profile, Function<String, String> env) {
        String url = explicitUrl != null && !explicitUrl.isBlank() ? explicitUrl : env.apply(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new StoreLocation(url.strip(), env.apply(USER_VARIABLE), env.apply(PASSWORD_VARIABLE));
        }
        return sqlite(defaultFile(profile));
    }

    /**
     * The store for {@code profile}: an explicit URL (the CLI's --history-url) wins, then the profile's
     * {@code history} setting ({@code ${ENV}} references expanded from {@code env}), then
     * {@value #URL_VARIABLE}, else the profile's SQLite file.
     *
     * @throws IllegalArgumentException for a URL of another database, or an unset variable the setting refers to
     */
    public static StoreLocation forProfile(String explicitUrl, String profileName, HistorySettings setting, Function<String, String> env) {
        if ((explicitUrl == null || explicitUrl.isBlank()) && setting != null && setting.configured()) {
            HistorySettings h;
            try {
                h = setting.resolve(env, profileName == null ? DEFAULT_PROFILE : profileName);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return new StoreLocation(h.url(), h.user(), h.password());
        }
        return resolve(explicitUrl, profileName, env);
    }

    /** The store of a connection profile (see {@link #forProfile(String, String, HistorySettings, Function)}). */
    public static StoreLocation forProfile(ConnectionProfile profile, Function<String, String> env) {
        return forProfile(null, profile.name(), profile.history(), env);
    }

    /** {@code <data dir>/history/<profile>.db}, the data directory being the one the audit log lives in. */
    public static Path defaultFile(String profile) {
        Path dataDir = AuditLog.atDefaultLocation().file().getParent();
        return dataDir.resolve("history").resolve(fileName(profile == null ? DEFAULT_PROFILE : profile));
    }

    /** A profile name as a file name: characters a file name cannot safely hold become '_'. */
    static String fileName(String profile) {
        String safe = profile.strip().replaceAll("[^A-Za-z0-9._ -]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "_" + safe;
        }
        return safe + ".db";
    }

    public Dialect dialect() {
        return jdbcUrl.startsWith("jdbc:sqlite:") ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /** The SQLite file, or null for PostgreSQL. */
    public Path file() {
        if (dialect() != Dialect.SQLITE) {
            return null;
        }
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        return Path.of(q < 0 ? rest : rest.substring(0, q));
    }

    /** For messages: the URL without a password it may carry. */
    public String display() {
        return redact(jdbcUrl);
    }

    private static String redact(String url) {
        if (url == null) {
            return "(none)";
        }
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return display() + (user == null ? "" : " as " + user);
    }
}
