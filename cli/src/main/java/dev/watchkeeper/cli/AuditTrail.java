package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log of operator commands: one JSON object per line, appended, never rewritten.
 * Default file: {@code $WATCHKEEPER_AUDIT_LOG}, else {@code $XDG_STATE_HOME/watchkeeper/audit.jsonl},
 * else {@code ~/.local/state/watchkeeper/audit.jsonl}.
 *
 * <p>Interim: replaced by the model's shared audit log once it lands, so the console and the CLI
 * write one trail.
 */
final class AuditTrail {

    /** One audited command. {@code outcome}: confirmed, failed, refused, unconfirmed, unknown. */
    record Entry(Instant time, String source, String user, String command, String indexer, String reason,
                 String outcome, String detail, String target) {
    }

    private static final ObjectMapper LINE = new ObjectMapper();

    private final Path file;

    AuditTrail(Path file) {
        this.file = file;
    }

    static AuditTrail at(Path override) {
        return new AuditTrail(override != null ? override : defaultFile());
    }

    static Path defaultFile() {
        String env = System.getenv("WATCHKEEPER_AUDIT_LOG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("watchkeeper").resolve("audit.jsonl");
    }

    Path file() {
        return file;
    }

    /** Appends the entry; a failure to audit is reported, since an unaudited command must not look fine. */
    void append(Entry e) {
        ObjectNode n = LINE.createObjectNode();
        n.put("time", e.time().toString());
        n.put("source", e.source());
        n.put("user", e.user());
        n.put("command", e.command());
        n.put("indexer", e.indexer());
        n.put("reason", e.reason());
        n.put("outcome", e.outcome());
        n.put("detail", e.detail());
        n.put("target", e.target());
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(file, n.toString() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException ex) {
            throw CliFailure.failed("cannot write the audit log " + file + ": " + ex.getMessage());
        }
    }

    /** Entries at or after {@code since} (all when null), oldest first; unreadable lines are kept as such. */
    List<Entry> read(Instant since) {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.failed("cannot read the audit log " + file + ": " + e.getMessage());
        }
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Entry e = parse(line, number);
            if (since == null || e.time() == null || !e.time().isBefore(since)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Entry parse(String line, int number) {
        try {
            JsonNode n = LINE.readTree(line);
            Instant t = Instant.parse(n.path("time").asText());
            return new Entry(t, text(n, "source"), text(n, "user"), text(n, "command"), text(n, "indexer"),
                    text(n, "reason"), text(n, "outcome"), text(n, "detail"), text(n, "target"));
        } catch (Exception e) {
            return new Entry(null, null, null, null, null, null, "unreadable",
                    "line " + number + ": " + (line.length() > 60 ? line.substring(0, 60) + "…" : line), null);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
