package dev.watchkeeper.model.audit;

import java.util.regex.Pattern;

/** Removes credentials from text before it is stored or shown: passwords in URIs, bearer tokens, key=value secrets. */
public final class Secrets {

    private static final Pattern URI_USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s:]*):([^/@\\s]*)@");
    /** Redis reads a lone "secret@" as the password (lettuce: redis://password@host). */
    private static final Pattern REDIS_LONE_PASSWORD = Pattern.compile("(?i)(\\bredis[a-z+-]*://)([^/@\\s:]+)@");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    // not "pass": "second pass: restart" is a reason, not a secret
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)\\b(password|passwd|passphrase|token|secret|api[_-]?key)(\\s*[=:]\\s*)[^\\s,;&]+");

    private Secrets() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = URI_USERINFO.matcher(text).replaceAll("$1$2:***@");
        s = REDIS_LONE_PASSWORD.matcher(s).replaceAll("$1***@");
        s = BEARER.matcher(s).replaceAll("$1***");
        return KEY_VALUE.matcher(s).replaceAll("$1$2***");
    }
}
