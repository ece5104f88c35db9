package dev.watchkeeper.connectors.redis;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance per distinct text: the epoch window names each project in every state hash of
 * every epoch (30 × 6 copies of each ID, and each hash re-read decodes its fields anew), and those
 * copies were a large part of the console's live heap. Bounded: past {@code cap} texts it starts
 * over, which only shares less. One thread.
 */
final class CanonicalStrings {

    private final Map<String, String> known = new HashMap<>();
    private final int cap;

    CanonicalStrings(int cap) {
        this.cap = cap;
    }

    String of(String s) {
        String had = known.putIfAbsent(s, s);
        if (had != null) {
            return had;
        }
        if (known.size() > cap) {
            known.clear();
            known.put(s, s);
        }
        return s;
    }
}
