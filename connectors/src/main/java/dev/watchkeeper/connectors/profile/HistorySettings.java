package dev.watchkeeper.connectors.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where the profile's fleet history is kept (docs/history.md): a SQLite file or a shared PostgreSQL
 * database, as a JDBC URL; the password is a secret like tokens (written to the file only with
 * storeSecrets; {@code ${ENV}} references are the way to keep it out). {@link #NONE}: the default,
 * the profile's own SQLite file.
 *
 * @param url      {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST/DB}; null: the default
 * @param user     PostgreSQL user, or null
 * @param password PostgreSQL password, or null
 */
public record HistorySettings(String url, String user, String password) {

    public static final HistorySettings NONE = new HistorySettings(null, null, null);

    public HistorySettings {
        url = blank(url);
        user = blank(user);
        password = blank(password);
        if (url != null && !url.startsWith("${") && !(url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:"))) {
            throw new ProfileException("history store URL must start with jdbc:sqlite: or jdbc:postgresql:, not " + url.replaceAll("(?i)(password=)[^&]*", "$1***"));
        }
        if (url == null && (user != null || password != null)) {
            throw new ProfileException("the history store's user and password need its url");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static final java.util.regex.Pattern URL_PASSWORD = java.util.regex.Pattern.compile("(?i)([?&]password=)([^&]*)");

    /** A password written into the URL ({@code ?password=...}), or null. */
    String urlPassword() {
        if (url == null) {
            return null;
        }
        java.util.regex.Matcher m = URL_PASSWORD.matcher(url);
        return m.find() ? m.group(2) : null;
    }

    /** A copy without plain-text secrets (the password, a password in the URL); ${ENV} references stay. */
    HistorySettings withoutPlainSecrets() {
        if (url == null) {
            return this;
        }
        String pw = urlPassword();
        String u = pw == null || EnvReferences.onlyReferences(pw) ? url : URL_PASSWORD.matcher(url).replaceAll("");
        if (!u.contains("?") && u.contains("&")) {
            // the password was the first parameter: the next one starts the query now
            u = u.replaceFirst("&", "?");
        }
        if (u.endsWith("?")) {
            u = u.substring(0, u.length() - 1);
        }
        return new HistorySettings(u, user, password == null || EnvReferences.onlyReferences(password) ? password : null);
    }

    public boolean configured() {
        return url != null;
    }

    HistorySettings map(UnaryOperator<String> f, UnaryOperator<String> secret) {
        return url == null ? this : new HistorySettings(f.apply(url), f.apply(user), secret.apply(password));
    }

    /** A copy with ${ENV} references expanded from {@code env} (e.g. System::getenv). */
    public HistorySettings resolve(Function<String, String> env, String profile) {
        return map(v -> v == null ? null : EnvReferences.expand(v, env, "profile '" + profile + "' history"),
                v -> v == null ? null : EnvReferences.expand(v, env, "profile '" + profile + "' history.password"));
    }

    /** The {@code "history"} object of a profile in profiles.json (absent: {@link #NONE}). */
    static HistorySettings read(JsonNode n) {
        if (n == null || n.isNull()) {
            return NONE;
        }
        if (!n.isObject()) {
            throw new ProfileException("\"history\" must be an object");
        }
        try {
            return new HistorySettings(ObservabilityJson.text(n, "url"), ObservabilityJson.text(n, "user"), ObservabilityJson.text(n, "password"));
        } catch (ProfileException e) {
            throw new ProfileException("history: " + e.getMessage(), e);
        }
    }

    static void write(ObjectNode profile, HistorySettings h) {
        if (h == null || !h.configured()) {
            return;
        }
        ObjectNode n = profile.putObject("history");
        n.put("url", h.url());
        if (h.user() != null) {
            n.put("user", h.user());
        }
        if (h.password() != null) {
            n.put("password", h.password());
        }
    }
}
