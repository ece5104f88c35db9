package dev.watchkeeper.model.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the log held after the last append, recorded beside it: the number of lines, the file's
 * size, and the keyed link to the last line. Cutting entries off the end leaves fewer lines than
 * the head records; the head cannot be rewritten to match without the key.
 *
 * @param entries lines in the log (readable or not)
 * @param bytes   size of the log in bytes (lets the next append count on instead of re-reading)
 * @param last    the keyed link ({@link AuditKey#link}) to the last line
 */
record AuditHead(long entries, long bytes, String last) {

    private static final JsonFactory JSON = new JsonFactory();

    /** The head in {@code file}; null when absent; throws IOException when unreadable. */
    static AuditHead read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        long entries = -1;
        long bytes = -1;
        String last = null;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "entries" -> entries = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "bytes" -> bytes = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "last" -> last = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (entries < 0 || bytes < 0 || last == null) {
            throw new IOException("\"entries\", \"bytes\" or \"last\" is missing");
        }
        return new AuditHead(entries, bytes, last);
    }

    /** Replaces {@code file} with this head in one step (written beside it, then renamed over it). */
    void write(Path file) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("entries", entries);
            g.writeNumberField("bytes", bytes);
            g.writeStringField("last", last);
            g.writeEndObject();
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, w + "\n", StandardCharsets.UTF_8);
        AuditFiles.ownerOnly(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
