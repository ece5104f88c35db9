package dev.watchkeeper.app.detail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.watchkeeper.model.IndexerState;

/** The raw Redis state value for display: pretty-printed when it is JSON, raw with the problem otherwise. */
final class RawJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RawJson() {
    }

    static String describe(IndexerState s) {
        if (s == null) {
            return "(no state observed yet)";
        }
        StringBuilder b = new StringBuilder();
        b.append(s.id().stateKey()).append('\n');
        if (s.problem() != null) {
            b.append("⚠ unreadable: ").append(s.problem()).append("\n\n");
        }
        if (s.rawJson() == null) {
            b.append("(no raw value)");
            return b.toString();
        }
        b.append(pretty(s.rawJson()));
        return b.toString();
    }

    static String pretty(String raw) {
        try {
            String out = MAPPER.writeValueAsString(MAPPER.readTree(raw));
            return out.isBlank() || "null".equals(out) && !raw.trim().equals("null") ? raw : out;
        } catch (Exception e) {
            return raw;
        }
    }
}
