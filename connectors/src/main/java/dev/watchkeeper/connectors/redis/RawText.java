package dev.watchkeeper.connectors.redis;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A Redis value decoded leniently: invalid UTF-8 becomes U+FFFD (visible in the UI) and is
 * flagged, instead of failing the read or silently changing the text.
 *
 * @param text     the decoded text; null when the value was null
 * @param validUtf8 false when some bytes were replaced by U+FFFD
 * @param bytes    the value's length in bytes
 */
public record RawText(String text, boolean validUtf8, int bytes) {

    public static final char REPLACEMENT = '\uFFFD';

    public static RawText decode(byte[] value) {
        if (value == null) {
            return new RawText(null, true, 0);
        }
        if (isAscii(value)) {
            // the common case, and much cheaper than a checking decoder
            return new RawText(new String(value, StandardCharsets.ISO_8859_1), true, value.length);
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = strict.decode(ByteBuffer.wrap(value));
            return new RawText(chars.toString(), true, value.length);
        } catch (CharacterCodingException e) {
            return new RawText(new String(value, StandardCharsets.UTF_8), false, value.length);
        }
    }

    private static boolean isAscii(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The problem to report for invalid bytes, or null. */
    public String encodingProblem() {
        return validUtf8 ? null : "value is not valid UTF-8 (bad bytes shown as " + REPLACEMENT + ")";
    }

    /** At most {@code max} characters, marked when cut. */
    public static String abbreviate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "… (" + s.length() + " chars)";
    }
}
