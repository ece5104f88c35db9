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

    /**
     * The URI without its password, keeping a user name as {@code user:@} (a lone {@code name@}
     * would be read as a password): what a form shows beside a separate password field.
     */
    public static String withoutPassword(String uri) {
        return password(uri) == null ? uri : replacePassword(uri, "").replace("://:@", "://").replace("://@", "://");
    }

    /**
     * {@code uri} (without a password) carrying {@code password}: {@code redis://user:@host} becomes
     * {@code redis://user:pw@host}, {@code redis://host} becomes {@code redis://:pw@host}.
     *
     * @throws IllegalArgumentException when the URI has a password already or no scheme
     */
    public static String withPassword(String uri, String password) {
        if (password == null || password.isEmpty()) {
            return uri;
        }
        if (password(uri) != null) {
            throw new IllegalArgumentException("the Redis password is given twice: remove it from the URI and keep it in the password field");
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("the Redis URI needs a scheme (redis://host:6379) to carry a password");
        }
        int start = scheme + 3;
        int at = uri.lastIndexOf('@', authorityEnd(uri, start) - 1);
        if (at >= start) {
            return uri.substring(0, at) + (uri.charAt(at - 1) == ':' ? "" : ":") + password + uri.substring(at);
        }
        return uri.substring(0, start) + ":" + password + "@" + uri.substring(start);
    }

    private static int authorityEnd(String uri, int start) {
        int end = uri.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int i = uri.indexOf(c, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return end;
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
        int end = authorityEnd(uri, start);
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
