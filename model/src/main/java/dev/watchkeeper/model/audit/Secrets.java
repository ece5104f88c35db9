package dev.watchkeeper.model.audit;

import java.util.regex.Pattern;

/** Removes credentials from text before it is stored or shown: passwords in URIs, bearer tokens, key=value secrets. */
public final class Secrets {

    private static final Pattern URI_USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s:]*):([^/@\\s]*)@");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)\\b(password|passwd|pass|token|secret|api[_-]?key)(\\s*[=:]\\s*)[^\\s,;&]+");

    private Secrets() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = URI_USERINFO.matcher(text).replaceAll("$1$2:***@");
        s = BEARER.matcher(s).replaceAll("$1***");
        return KEY_VALUE.matcher(s).replaceAll("$1$2***");
    }
}
