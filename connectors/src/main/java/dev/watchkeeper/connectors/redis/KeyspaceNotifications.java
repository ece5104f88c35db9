package dev.watchkeeper.connectors.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Reads (never sets) whether the server publishes keyspace notifications. */
final class KeyspaceNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(KeyspaceNotifications.class);

    private KeyspaceNotifications() {
    }

    /**
     * True when keyspace events (K) for string and generic commands are on. A server without
     * them, or one that denies CONFIG GET (ACL, managed Redis), is polled instead of reconfigured.
     */
    static boolean enabled(RedisClusterCommands<String, byte[]> sync) {
        String f = flags(sync);
        return f != null && covers(f, false);
    }

    /** True when the flags also cover hash commands (h), needed for following epoch hashes. */
    static boolean enabledForHashes(RedisClusterCommands<String, byte[]> sync) {
        String f = flags(sync);
        return f != null && covers(f, true);
    }

    /** True when stream commands (t: XADD, XDEL, XTRIM) publish keyspace events too. */
    static boolean enabledForStreams(RedisClusterCommands<String, byte[]> sync) {
        String f = flags(sync);
        return f != null && coversStreams(f);
    }

    static boolean coversStreams(String flags) {
        return covers(flags, false) && (flags.contains("A") || flags.contains("t"));
    }

    static boolean covers(String flags, boolean hashes) {
        boolean keyspace = flags.contains("K");
        boolean all = flags.contains("A");
        boolean strings = all || (flags.contains("$") && flags.contains("g"));
        boolean hash = all || (strings && flags.contains("h"));
        return keyspace && strings && (!hashes || hash);
    }

    private static String flags(RedisClusterCommands<String, byte[]> sync) {
        try {
            Map<String, String> cfg = sync.configGet("notify-keyspace-events");
            return cfg.getOrDefault("notify-keyspace-events", "");
        } catch (RuntimeException e) {
            LOG.info("cannot read notify-keyspace-events ({}); polling", e.getMessage());
            return null;
        }
    }
}
