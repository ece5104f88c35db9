package dev.watchkeeper.connectors;

import java.util.Locale;

/** Host-name facts used for security warnings. */
public final class Hosts {

    private Hosts() {
    }

    /** True when {@code host} names this machine (plaintext there cannot be sniffed on a network). */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
