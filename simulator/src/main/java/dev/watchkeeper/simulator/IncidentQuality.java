package dev.watchkeeper.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.watchkeeper.model.incident.IncidentSettings;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision and recall of the incident grouping: every scenario replayed with background noise over
 * many seeds ({@link IncidentReplay}), as rows for the results file that docs/incidents.md is
 * generated from ({@link IncidentDocs}).
 */
public final class IncidentQuality {

    /**
     * One scenario at one noise level over {@code runs} seeds.
     *
     * @param foundWhole     runs whose injected incident was one incident holding every injected problem
     * @param loneIndexer    background problems of indexers over all runs
     * @param loneIndexerMerged those that ended up inside an incident
     * @param lonePooler     background pooler failures (the snapshotter's own 2%) over all runs
     * @param lonePoolerMerged those that ended up inside an incident
     * @param medianDetectSeconds from the scenario's start to the incident opening, median over the runs that opened one
     */
    public record Row(String scenario, int size, double noisePerMinute, int runs, int foundWhole, long loneIndexer,
                      long loneIndexerMerged, long lonePooler, long lonePoolerMerged, long medianDetectSeconds) {

        public double foundWholeShare() {
            return runs == 0 ? 0 : (double) foundWhole / runs;
        }

        public double loneIndexerMergedShare() {
            return loneIndexer == 0 ? 0 : (double) loneIndexerMerged / loneIndexer;
        }

        public double lonePoolerMergedShare() {
            return lonePooler == 0 ? 0 : (double) lonePoolerMerged / lonePooler;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private IncidentQuality() {
    }

    public static Row measure(IncidentScenario scenario, double noisePerMinute, int seeds, IncidentSettings settings) {
        int whole = 0;
        long loneIndexer = 0;
        long loneIndexerMerged = 0;
        long lonePooler = 0;
        long lonePoolerMerged = 0;
        List<Long> detect = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            IncidentReplay.Score s = IncidentReplay.score(IncidentReplay.generate(scenario, seed, noisePerMinute), settings);
            whole += s.foundWhole() ? 1 : 0;
            loneIndexer += s.loneIndexer();
            loneIndexerMerged += s.loneIndexerMerged();
            lonePooler += s.lonePooler();
            lonePoolerMerged += s.lonePoolerMerged();
            if (s.detectedAfter() != null) {
                detect.add(s.detectedAfter().toSeconds());
            }
        }
        detect.sort(Long::compare);
        long median = detect.isEmpty() ? -1 : detect.get(detect.size() / 2);
        return new Row(scenario.word(), scenario.size(), noisePerMinute, seeds, whole, loneIndexer, loneIndexerMerged, lonePooler,
                lonePoolerMerged, median);
    }

    public static String toJson(List<Row> rows, IncidentSettings settings, String generatedAt) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("generatedAt", generatedAt);
            g.writeNumberField("windowSeconds", settings.window().toSeconds());
            g.writeNumberField("minSize", settings.minSize());
            g.writeNumberField("blockNeighbourhood", settings.blockNeighbourhood());
            g.writeNumberField("fleet", IncidentReplay.FLEET);
            g.writeNumberField("projects", IncidentReplay.PROJECTS);
            g.writeNumberField("runMinutes", IncidentReplay.RUN.toMinutes());
            g.writeArrayFieldStart("rows");
            for (Row r : rows) {
                g.writeStartObject();
                g.writeStringField("scenario", r.scenario());
                g.writeNumberField("size", r.size());
                g.writeNumberField("noisePerMinute", r.noisePerMinute());
                g.writeNumberField("runs", r.runs());
                g.writeNumberField("foundWhole", r.foundWhole());
                g.writeNumberField("loneIndexer", r.loneIndexer());
                g.writeNumberField("loneIndexerMerged", r.loneIndexerMerged());
                g.writeNumberField("lonePooler", r.lonePooler());
                g.writeNumberField("lonePoolerMerged", r.lonePoolerMerged());
                g.writeNumberField("medianDetectSeconds", r.medianDetectSeconds());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    /** The results file read back: its header fields and its rows. */
    public record Results(Map<String, String> header, List<Row> rows) {
    }

    public static Results fromJson(String json) throws IOException {
        Map<String, String> header = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the results file is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("rows") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> f = new HashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            f.put(k, p.getText());
                        }
                        rows.add(new Row(f.get("scenario"), Integer.parseInt(f.get("size")), Double.parseDouble(f.get("noisePerMinute")),
                                Integer.parseInt(f.get("runs")), Integer.parseInt(f.get("foundWhole")), Long.parseLong(f.get("loneIndexer")),
                                Long.parseLong(f.get("loneIndexerMerged")), Long.parseLong(f.get("lonePooler")),
                                Long.parseLong(f.get("lonePoolerMerged")), Long.parseLong(f.get("medianDetectSeconds"))));
                    }
                } else if (t.isScalarValue()) {
                    header.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException("a row of the results file is incomplete: " + e.getMessage(), e);
        }
        return new Results(header, rows);
    }

    static String seconds(long s) {
        return s < 0 ? "—" : dev.watchkeeper.model.attention.HumanDuration.format(Duration.ofSeconds(s));
    }
}
