package dev.watchkeeper.connectors.profile;

/**
 * Finds the password in a Redis URI ({@code redis://[[user]:password@]host...}, also rediss:// and
 * redis-sentinel://), to keep it out of files and messages.
 */
public final class RedisUris {

    private RedisUris() {
    }

    /** The password part of the URI, or null when there is none. */
    public static String password(String uri) {
        int[] span = passwordSpan(uri);
        return span == null ? null : uri.substring(span[0], span[1]);
    }

    /** The URI with its password replaced by {@code replacement} (unchanged when it has none). */
    public static String replacePassword(String uri, String replacement) {
        int[] span = passwordSpan(uri);
        return span == null ? uri : uri.substring(0, span[0]) + replacement + uri.substring(span[1]);
    }

    /** For messages and logs: the password shown as ****. */
    public static String redact(String uri) {
        return uri == null ? null : replacePassword(uri, "****");
    }

    private static int[] passwordSpan(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        int end = uri.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int i = uri.indexOf(c, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at < start) {
            return null;
        }
        int colon = uri.indexOf(':', start);
        // lettuce reads "user:password@" as both, and a lone "secret@" as the password
        int from = colon >= 0 && colon < at ? colon + 1 : start;
        return from == at ? null : new int[]{from, at};
    }
}
