package dev.watchkeeper.connectors.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;

import java.util.ArrayList;
import java.util.List;

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
        return new IndexerState(s.id(), s.lifecycle(), s.rawLifecycle(), s.enabled(), s.blockStreamSyncedAt(), s.rawJson(), problem);
    }

    /** Parses the value stored under the indexer's state key; null value means the key vanished. */
    public static IndexerState parse(IndexerId id, String raw) {
        if (raw == null) {
            return new IndexerState(id, LifecycleState.UNKNOWN, null, null, null, null, "state key has no value");
        }
        String kept = raw.length() > MAX_RAW_KEPT ? raw.substring(0, MAX_RAW_KEPT) + "… (" + raw.length() + " chars)" : raw;
        if (raw.length() > MAX_VALUE_CHARS) {
            return new IndexerState(id, LifecycleState.UNKNOWN, null, null, null, kept,
                    "value too large to read (" + raw.length() + " chars)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(raw);
        } catch (Exception e) {
            return new IndexerState(id, LifecycleState.UNKNOWN, null, null, null, kept, "malformed JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return new IndexerState(id, LifecycleState.UNKNOWN, null, null, null, kept,
                    "not a JSON object" + (root == null ? "" : " (" + root.getNodeType().name().toLowerCase() + ")"));
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
        return new IndexerState(id, lifecycle, rawLifecycle, enabled, synced, kept, problem);
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
