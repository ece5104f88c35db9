package dev.watchkeeper.model.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One audit entry as one line of JSON, and back. Reading never throws: an unreadable line gives null. */
final class AuditJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).maxNestingDepth(8).build())
            .build();

    private AuditJson() {
    }

    static String write(AuditEntry e) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("user", e.user());
            g.writeStringField("profile", e.profile());
            g.writeStringField("command", e.command());
            g.writeArrayFieldStart("targets");
            for (String t : e.targets()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeStringField("reason", e.reason());
            g.writeStringField("outcome", e.outcome());
            g.writeStringField("detail", e.detail());
            g.writeStringField("prev", e.previousHash());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        // JSON escapes line breaks inside strings, so one entry is always exactly one line.
        return w.toString();
    }

    static AuditEntry read(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, String> fields = new HashMap<>();
            List<String> targets = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("targets".equals(name)) {
                    if (t != JsonToken.START_ARRAY) {
                        return null;
                    }
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        targets.add(p.getText());
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) {
                        return null;
                    }
                } else if (t == JsonToken.VALUE_STRING) {
                    fields.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            String time = fields.get("time");
            if (time == null || !fields.containsKey("prev")) {
                return null;
            }
            return new AuditEntry(Instant.parse(time), fields.get("user"), fields.get("profile"), fields.get("command"),
                    targets, fields.get("reason"), fields.get("outcome"), fields.get("detail"), fields.get("prev"));
        } catch (IOException | DateTimeException e) {
            return null;
        }
    }
}
