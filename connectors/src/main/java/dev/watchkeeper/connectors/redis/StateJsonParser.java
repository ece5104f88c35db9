package dev.watchkeeper.connectors.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the coordinator's {@code :state} JSON leniently: whatever can be read is kept, whatever
 * cannot becomes a described problem next to the raw text. Never throws.
 */
public final class StateJsonParser {

    /** Longer values are not parsed; they are shown raw (truncated) as unreadable. */
    public static final int MAX_VALUE_CHARS = 64 * 1024;
    private static final int MAX_RAW_KEPT = 4 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_VALUE_CHARS).maxNestingDepth(64).maxNumberLength(40).build())
            .build());

    private StateJsonParser() {
    }

    /**
     * Parses the raw bytes stored under the indexer's state key. Bytes that are not UTF-8 are
     * shown as U+FFFD and reported as a problem; what can be read is still read.
     */
    public static IndexerState parse(IndexerId id, byte[] raw) {
        RawText text = RawText.decode(raw);
        IndexerState s = parse(id, text.text());
        if (text.validUtf8()) {
            return s;
        }
        String problem = s.problem() == null ? text.encodingProblem() : text.encodingProblem() + "; " + s.problem();
        IndexerState.Readability r = s.readability() == IndexerState.Readability.READABLE
                ? IndexerState.Readability.PARTLY_READABLE : s.readability();
        return new IndexerState(s.id(), s.lifecycle(), s.rawLifecycle(), s.enabled(), s.blockStreamSyncedAt(), s.rawJson(), problem, r);
    }

    /** Parses the value stored under the indexer's state key; null value means the key vanished. */
    public static IndexerState parse(IndexerId id, String raw) {
        if (raw == null) {
            return IndexerState.missing(id);
        }
        String kept = raw.length() > MAX_RAW_KEPT ? raw.substring(0, MAX_RAW_KEPT) + "… (" + raw.length() + " chars)" : raw;
        if (raw.length() > MAX_VALUE_CHARS) {
            return unreadable(id, kept, "value too large to read (" + raw.length() + " chars)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            return unreadable(id, kept, malformed(raw, e));
        } catch (Exception e) {
            return unreadable(id, kept, "malformed JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            return unreadable(id, kept, "malformed JSON: the value is empty");
        }
        if (!root.isObject()) {
            return unreadable(id, kept, "not a JSON object (" + root.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
        }
        List<String> problems = new ArrayList<>();

        JsonNode life = root.get("lifecycle_state");
        String rawLifecycle = null;
        LifecycleState lifecycle = LifecycleState.UNKNOWN;
        if (life == null || life.isNull()) {
            problems.add("lifecycle_state missing");
        } else if (!life.isTextual()) {
            rawLifecycle = life.toString();
            problems.add("lifecycle_state is not a string");
        } else {
            rawLifecycle = life.textValue();
            lifecycle = LifecycleState.fromWire(rawLifecycle);
            if (lifecycle == LifecycleState.UNKNOWN) {
                problems.add("unknown lifecycle_state \"" + abbreviate(rawLifecycle) + "\"");
            } else if (rawLifecycle.equals(lifecycle.wire())) {
                // one instance for every state that says it: the table's sort compares them, mostly equal, by identity first
                rawLifecycle = lifecycle.wire();
            }
        }

        Boolean enabled = null;
        JsonNode en = root.get("enabled");
        if (en == null || en.isNull()) {
            problems.add("enabled missing");
        } else if (!en.isBoolean()) {
            problems.add("enabled is not a boolean");
        } else {
            enabled = en.booleanValue();
        }

        Long synced = null;
        JsonNode sync = root.get("block_stream_synced_at");
        if (sync != null && !sync.isNull()) {
            if (sync.isIntegralNumber() && sync.canConvertToLong() && sync.longValue() >= 0
                    && sync.longValue() <= ProgressReader.MAX_BLOCK_HEIGHT) {
                synced = sync.longValue();
            } else if (sync.isIntegralNumber()) {
                problems.add("block_stream_synced_at is not a plausible block height: " + abbreviate(sync.toString()));
            } else {
                problems.add("block_stream_synced_at is not a block height");
            }
        }

        checkName(root, "account_id", id.accountId(), problems);
        checkName(root, "function_name", id.functionName(), problems);

        String problem = problems.isEmpty() ? null : String.join("; ", problems);
        return new IndexerState(id, lifecycle, rawLifecycle, enabled, synced, kept, problem,
                problem == null ? IndexerState.Readability.READABLE : IndexerState.Readability.PARTLY_READABLE);
    }

    private static IndexerState unreadable(IndexerId id, String kept, String problem) {
        return new IndexerState(id, LifecycleState.UNKNOWN, null, null, null, kept, problem, IndexerState.Readability.UNREADABLE);
    }

    /**
     * "malformed JSON at line 1, column 74: Unexpected end-of-input ...; near `..."enabled":tru`":
     * where the parser gave up and the text around it, so an operator can find the damage.
     */
    static String malformed(String raw, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String what = firstLine(e.getOriginalMessage());
        if (loc == null || loc.getColumnNr() < 1) {
            return "malformed JSON: " + what;
        }
        long offset = loc.getCharOffset();
        String where = "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        if (offset < 0 || offset > raw.length()) {
            return "malformed JSON at " + where + ": " + what;
        }
        int at = (int) offset;
        int from = Math.max(0, at - 24);
        int to = Math.min(raw.length(), at + 8);
        String excerpt = (from > 0 ? "…" : "") + raw.substring(from, to).replace('\n', ' ') + (to < raw.length() ? "…" : "");
        return "malformed JSON at " + where + ": " + what + "; near `" + excerpt + "`";
    }

    private static void checkName(JsonNode root, String field, String expected, List<String> problems) {
        JsonNode n = root.get(field);
        if (n != null && n.isTextual() && !n.textValue().equals(expected)) {
            problems.add(field + " \"" + abbreviate(n.textValue()) + "\" does not match the key");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl));
    }
}
