package dev.watchkeeper.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An epoch's project updates as stored in {@code epoch_projects.updates}: a gzip'd JSON array of
 * arrays {@code [state, project, status, timestamp, error, snapshotCid, problem]} (status "S", "F"
 * or "U"), the current versions; then the versions they replaced, each with an eighth element, when
 * the recorder saw it replaced (ms). Rows written before versions were kept have no eighth elements.
 * The raw JSON of each update is not kept: it is most of the size and the live view has it.
 * Streamed with Jackson's generator and parser: 12,000 updates of a large epoch encode in a few
 * milliseconds without building a tree.
 */
final class EpochProjectsCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private EpochProjectsCodec() {
    }

    /** What a row holds: the current version of each update, and the versions replaced before it. */
    record Stored(List<StateUpdate> current, List<HistoryEvent.Replaced> replaced) {
    }

    static byte[] encode(List<StateUpdate> updates) {
        return encode(updates, List.of());
    }

    static byte[] encode(List<StateUpdate> updates, List<HistoryEvent.Replaced> replaced) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(256, updates.size() * 16));
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes); JsonGenerator g = JSON.createGenerator(gz, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (StateUpdate u : updates) {
                write(g, u, null);
            }
            for (HistoryEvent.Replaced r : replaced) {
                write(g, r.update(), r.replacedAtMs());
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode epoch project updates", e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator g, StateUpdate u, Long replacedAtMs) throws IOException {
        g.writeStartArray();
        g.writeString(u.stateId());
        g.writeString(u.projectId());
        g.writeString(switch (u.status()) {
            case SUCCESS -> "S";
            case FAILED -> "F";
            case UNKNOWN -> "U";
        });
        if (u.timestamp() == null) {
            g.writeNull();
        } else {
            g.writeNumber(u.timestamp());
        }
        g.writeString(u.error());
        g.writeString(u.snapshotCid());
        g.writeString(u.problem());
        if (replacedAtMs != null) {
            g.writeNumber(replacedAtMs);
        }
        g.writeEndArray();
    }

    static Stored decode(byte[] stored) {
        List<StateUpdate> out = new ArrayList<>();
        List<HistoryEvent.Replaced> replaced = new ArrayList<>();
        try (JsonParser p = JSON.createParser(new GZIPInputStream(new ByteArrayInputStream(stored)))) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                String state = text(p);
                String project = text(p);
                StateUpdate.Status status = switch (String.valueOf(text(p))) {
                    case "S" -> StateUpdate.Status.SUCCESS;
                    case "F" -> StateUpdate.Status.FAILED;
                    default -> StateUpdate.Status.UNKNOWN;
                };
                Long timestamp = p.nextToken() == JsonToken.VALUE_NULL ? null : p.getLongValue();
                String error = text(p);
                String cid = text(p);
                String problem = text(p);
                StateUpdate u = new StateUpdate(project, state, status, error, timestamp, cid, null, problem);
                JsonToken next = p.nextToken();
                if (next == JsonToken.VALUE_NUMBER_INT) {
                    replaced.add(new HistoryEvent.Replaced(u, p.getLongValue()));
                    next = p.nextToken();
                } else {
                    out.add(u);
                }
                expect(next, JsonToken.END_ARRAY);
            }
        } catch (IOException | RuntimeException e) {
            throw new HistoryException("epoch project updates in the history store cannot be read: " + e.getMessage(), e);
        }
        return new Stored(List.copyOf(out), List.copyOf(replaced));
    }

    private static String text(JsonParser p) throws IOException {
        return p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static void expect(JsonToken got, JsonToken wanted) throws IOException {
        if (got != wanted) {
            throw new IOException("expected " + wanted + ", found " + got);
        }
    }
}
