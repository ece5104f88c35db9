package dev.watchkeeper.connectors.redis;

import io.lettuce.core.codec.RedisCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes keyspace notifications with as little work as each one needs: a running fleet's progress
 * keys are named tens of thousands of times a second, and with the plain string codec every message
 * made three strings and their buffers (pattern, channel, event) of which only the key is used.
 * Here the channel decodes straight to the key (without its {@code __keyspace@db__:} prefix), a
 * subscribed pattern to the one string kept for it (without the prefix too: a pattern naming one key
 * exactly, such as {@code indexer_states}, is also that key's channel), and the event name, never
 * read, to nothing new.
 */
final class KeyspaceChannelCodec implements RedisCodec<String, String> {

    private final byte[] prefix;
    private final List<String> patterns;
    private final List<ByteBuffer> patternBytes;

    /** {@code prefix}: the channels' prefix; {@code patterns}: the full patterns subscribed to. */
    KeyspaceChannelCodec(String prefix, List<String> patterns) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.patterns = patterns.stream().map(p -> p.startsWith(prefix) ? p.substring(prefix.length()) : p).toList();
        this.patternBytes = patterns.stream().map(p -> ByteBuffer.wrap(p.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer()).toList();
    }

    @Override
    public String decodeKey(ByteBuffer bytes) {
        for (int i = 0; i < patternBytes.size(); i++) {
            if (patternBytes.get(i).equals(bytes)) {
                return patterns.get(i);
            }
        }
        int at = bytes.position();
        int n = bytes.remaining();
        boolean prefixed = n >= prefix.length;
        for (int i = 0; prefixed && i < prefix.length; i++) {
            prefixed = bytes.get(at + i) == prefix[i];
        }
        int skip = prefixed ? prefix.length : 0;
        return string(bytes, at + skip, n - skip);
    }

    private static String string(ByteBuffer bytes, int from, int length) {
        if (bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + from, length, StandardCharsets.UTF_8);
        }
        byte[] copy = new byte[length];
        bytes.get(from, copy);
        return new String(copy, StandardCharsets.UTF_8);
    }

    /** The event name ("set", "xadd"): not used, so not decoded. */
    @Override
    public String decodeValue(ByteBuffer bytes) {
        return "";
    }

    @Override
    public ByteBuffer encodeKey(String key) {
        return ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ByteBuffer encodeValue(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }
}
