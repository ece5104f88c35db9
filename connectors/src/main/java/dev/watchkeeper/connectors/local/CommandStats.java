package dev.watchkeeper.connectors.local;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How many times a Redis server ran each command ({@code INFO commandstats}): what a reader really
 * costs the server, counted by the server rather than by the reader. For tests and benchmarks.
 */
public final class CommandStats {

    /**
     * Commands that are not a reader's: what writers send (the pooler, the simulated coordinator and
     * block streamer, whose SCARD checks its own writes, test fixtures), connection handshakes and
     * this count itself.
     */
    public static final Set<String> NOT_READS = Set.of("hset", "set", "del", "unlink", "expire", "sadd", "srem", "scard",
            "xadd", "xtrim", "info", "hello", "client", "select", "auth", "command", "config|set", "flushall", "flushdb");

    private CommandStats() {
    }

    /** Calls per command name (lower case, {@code config|get} style for subcommands on Redis 7). */
    public static Map<String, Long> calls(String redisUri) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return parse(c.sync().info("commandstats"));
        } finally {
            client.shutdown();
        }
    }

    static Map<String, Long> parse(String info) {
        Map<String, Long> out = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            int calls = line.indexOf("calls=", colon);
            if (colon < 0 || calls < 0) {
                continue;
            }
            int end = line.indexOf(',', calls);
            String name = line.substring("cmdstat_".length(), colon).toLowerCase(Locale.ROOT);
            out.put(name, Long.parseLong(line.substring(calls + 6, end < 0 ? line.length() : end)));
        }
        return out;
    }

    /** Calls between two counts of every command not in {@link #NOT_READS}: what readers sent. */
    public static long readsBetween(Map<String, Long> before, Map<String, Long> after) {
        long n = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (!NOT_READS.contains(e.getKey()) && !e.getKey().startsWith("client|")) {
                n += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return n;
    }

    /** Calls per command between two counts, the commands that ran only (for messages). */
    public static Map<String, Long> deltas(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    /** Calls of one command between two counts. */
    public static long between(Map<String, Long> before, Map<String, Long> after, String command) {
        return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
    }
}
