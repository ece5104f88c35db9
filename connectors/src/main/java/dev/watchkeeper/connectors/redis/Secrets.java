package dev.watchkeeper.connectors.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Keeps Redis passwords out of everything an operator or a log file can see. */
final class Secrets {

    static final String MASK = "***";

    private Secrets() {
    }

    /** The password in a URI's user info ({@code user:password@} or {@code :password@}), or null. */
    static String password(String uri) {
        String userInfo = userInfo(uri);
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        String pw = colon < 0 ? userInfo : userInfo.substring(colon + 1);
        return pw.isEmpty() ? null : pw;
    }

    /** What lies between "scheme://" and the last '@', or null when there is no user info. */
    static String userInfo(String uri) {
        if (uri == null) {
            return null;
        }
        int at = uri.lastIndexOf('@');
        int start = schemeEnd(uri);
        return at < start ? null : uri.substring(start, at);
    }

    static int schemeEnd(String uri) {
        int scheme = uri.indexOf("://");
        return scheme < 0 ? 0 : scheme + 3;
    }

    /** The URI with the password (if any) replaced by {@link #MASK}. */
    static String redactUri(String uri) {
        String userInfo = userInfo(uri);
        if (userInfo == null) {
            return uri;
        }
        int start = schemeEnd(uri);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK;
        return uri.substring(0, start) + masked + uri.substring(start + userInfo.length());
    }

    /** {@code text} with every occurrence of the URI's password (raw and URL-decoded) masked. */
    static String scrub(String text, String uri) {
        return scrubSecret(text, password(uri));
    }

    /** {@code text} with every occurrence of {@code pw} (raw and URL-decoded) masked. */
    static String scrubSecret(String text, String pw) {
        if (text == null) {
            return null;
        }
        if (pw == null || pw.isEmpty()) {
            return text;
        }
        String out = text.replace(pw, MASK);
        try {
            String decoded = URLDecoder.decode(pw, StandardCharsets.UTF_8);
            if (!decoded.isEmpty()) {
                out = out.replace(decoded, MASK);
            }
        } catch (IllegalArgumentException notEncoded) {
            // the raw form was masked already
        }
        return out;
    }
}
