package dev.watchkeeper.connectors.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.epoch.StateUpdate;
import dev.watchkeeper.model.epoch.StateUpdate.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one pooler state update ({@code {"status": "success", "error": null, "extra": null,
 * "timestamp": 1692530595}}) leniently: whatever can be read is kept, anything else becomes a
 * described problem next to the raw text. Never throws.
 */
public final class EpochJsonParser {

    public static final int MAX_VALUE_CHARS = 64 * 1024;
    private static final int MAX_RAW_KEPT = 4 * 1024;
    /** 3000-01-01T00:00:00Z: later timestamps are not believed. */
    public static final long MAX_TIMESTAMP = 32_503_680_000L;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_VALUE_CHARS).maxNestingDepth(32).maxNumberLength(40).build())
            .build());

    private EpochJsonParser() {
    }

    public static StateUpdate parse(String projectId, String stateId, byte[] raw) {
        return parse(projectId, stateId, RawText.decode(raw));
    }

    /** As {@link #parse(String, String, byte[])}, for a value its caller has decoded already. */
    static StateUpdate parse(String projectId, String stateId, RawText text) {
        StateUpdate u = parse(projectId, stateId, text.text());
        if (text.validUtf8()) {
            return u;
        }
        String problem = u.problem() == null ? text.encodingProblem() : text.encodingProblem() + "; " + u.problem();
        return new StateUpdate(u.projectId(), u.stateId(), u.status(), u.error(), u.timestamp(), u.snapshotCid(), u.rawJson(), problem);
    }

    public static StateUpdate parse(String projectId, String stateId, String raw) {
        if (raw == null) {
            return unreadable(projectId, stateId, null, "no value");
        }
        String kept = RawText.abbreviate(raw, MAX_RAW_KEPT);
        if (raw.length() > MAX_VALUE_CHARS) {
            return unreadable(projectId, stateId, kept, "value too large to read (" + raw.length() + " chars)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(raw);
        } catch (Exception e) {
            return unreadable(projectId, stateId, kept, "malformed JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return unreadable(projectId, stateId, kept,
                    "not a JSON object" + (root == null ? "" : " (" + root.getNodeType().name().toLowerCase(Locale.ROOT) + ")"));
        }
        List<String> problems = new ArrayList<>();
        Status status = status(root.get("status"), problems);
        String error = error(root.get("error"), problems);
        String cid = snapshotCid(root.get("extra"), problems);
        Long ts = timestamp(root.get("timestamp"), "timestamp", problems);
        return new StateUpdate(projectId, stateId, status, error, ts, cid, kept,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static Status status(JsonNode n, List<String> problems) {
        if (n == null || n.isNull()) {
            problems.add("status missing");
            return Status.UNKNOWN;
        }
        if (!n.isTextual()) {
            problems.add("status is not a string: " + abbreviate(n.toString()));
            return Status.UNKNOWN;
        }
        return switch (n.textValue()) {
            case "success" -> Status.SUCCESS;
            case "failed" -> Status.FAILED;
            default -> {
                problems.add("unknown status \"" + abbreviate(n.textValue()) + "\"");
                yield Status.UNKNOWN;
            }
        };
    }

    /** null, missing and "" (one writer sends it on success) all mean no error. */
    private static String error(JsonNode n, List<String> problems) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue().isEmpty() ? null : RawText.abbreviate(n.textValue(), MAX_RAW_KEPT);
        }
        problems.add("error is not a string");
        return RawText.abbreviate(n.toString(), MAX_RAW_KEPT);
    }

    private static String snapshotCid(JsonNode extra, List<String> problems) {
        if (extra == null || extra.isNull()) {
            return null;
        }
        if (!extra.isObject()) {
            problems.add("extra is not an object");
            return null;
        }
        JsonNode cid = extra.get("snapshot_cid");
        if (cid == null || cid.isNull()) {
            return null;
        }
        if (!cid.isTextual()) {
            problems.add("extra.snapshot_cid is not a string");
            return null;
        }
        return abbreviate(cid.textValue());
    }

    /** UNIX seconds; fractional seconds are cut; negative or past year 3000 is absurd. */
    static Long timestamp(JsonNode n, String field, List<String> problems) {
        if (n == null || n.isNull()) {
            problems.add(field + " missing");
            return null;
        }
        if (!n.isNumber()) {
            problems.add(field + " is not a number: " + abbreviate(n.toString()));
            return null;
        }
        if (!n.canConvertToLong() || n.longValue() < 0 || n.longValue() > MAX_TIMESTAMP) {
            problems.add(field + " is absurd: " + abbreviate(n.asText()));
            return null;
        }
        return n.longValue();
    }

    /** A plain UNIX-seconds string value (epochReleased, lastEpochDetectedTimestamp); null when unreadable. */
    static Long unixSeconds(byte[] raw) {
        if (raw == null) {
            return null;
        }
        String t = RawText.decode(raw).text().trim();
        int dot = t.indexOf('.');
        String whole = dot > 0 && t.substring(dot + 1).matches("[0-9]*") ? t.substring(0, dot) : t;
        if (!whole.matches("[0-9]{1,12}")) {
            return null;
        }
        long v = Long.parseLong(whole);
        return v <= MAX_TIMESTAMP ? v : null;
    }

    private static StateUpdate unreadable(String projectId, String stateId, String raw, String problem) {
        return new StateUpdate(projectId, stateId, Status.UNKNOWN, null, null, null, raw, problem);
    }

    private static String abbreviate(String s) {
        return RawText.abbreviate(s, 120);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return RawText.abbreviate(nl < 0 ? s : s.substring(0, nl), 120);
    }
}
