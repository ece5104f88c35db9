package dev.watchkeeper.connectors;

/**
 * Marks a security warning about a setting the profile explicitly allows although it is insecure
 * (certificate checks skipped, a secret sent without TLS). The console shows these in red.
 */
public final class Insecure {

    /** How such a warning's insecure part starts. */
    public static final String PREFIX = "insecure: ";

    private Insecure() {
    }

    public static boolean is(String warning) {
        return warning != null && warning.contains(PREFIX);
    }
}
