package dev.watchkeeper.bench.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one results file ({@code docs/performance-results.json}) every benchmark profile writes its
 * section into and the docs are generated from ({@link DocsGenerator}). A profile's section holds
 * when it ran, the load average before and after (the machine is often shared), its figures and its
 * targets with their verdicts. Writing a section replaces that profile's previous one only.
 */
public final class Results {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String profile;
    private final String description;
    private Instant started = Instant.now();
    private String loadBefore = loadAverage();
    private final ObjectNode figures = JSON.createObjectNode();
    private final List<Target> targets = new java.util.ArrayList<>();

    public Results(String profile, String description) {
        this.profile = profile;
        this.description = description;
    }

    /** When the profile started and the load average then, for results assembled at its end. */
    public Results startedAt(Instant at, String loadAverage) {
        this.started = at;
        this.loadBefore = loadAverage;
        return this;
    }

    /** A figure kept for the docs without a target of its own (a baseline, a ratio's parts). */
    public Results figure(String name, double value) {
        figures.put(name, value);
        return this;
    }

    public Results figure(String name, String value) {
        figures.put(name, value);
        return this;
    }

    public Results target(Target t) {
        targets.add(t);
        System.out.println(profile + ": " + t);
        return this;
    }

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    public boolean allMet() {
        return targets.stream().allMatch(Target::met);
    }

    /** Writes this profile's section into {@code file}, keeping the other profiles' sections. */
    public void write(Path file) {
        try {
            ObjectNode root = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
            ObjectNode machine = root.putObject("machine");
            machine.put("cores", Runtime.getRuntime().availableProcessors());
            machine.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
            machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            ObjectNode profiles = root.has("profiles") ? (ObjectNode) root.get("profiles") : root.putObject("profiles");
            ObjectNode p = profiles.putObject(profile);
            p.put("description", description);
            p.put("started", started.toString());
            p.put("finished", Instant.now().toString());
            p.put("load_average_before", loadBefore);
            p.put("load_average_after", loadAverage());
            p.set("figures", figures);
            ArrayNode ts = p.putArray("targets");
            for (Target t : targets) {
                ObjectNode o = ts.addObject();
                o.put("figure", t.figure());
                o.put("value", t.value());
                o.put("unit", t.unit());
                o.put("limit", t.limit());
                o.put("below", t.below());
                o.put("met", t.met());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them ("n/a" elsewhere). */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static Map<String, JsonNode> profiles(JsonNode root) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        JsonNode p = root.path("profiles");
        p.fieldNames().forEachRemaining(name -> out.put(name, p.get(name)));
        return out;
    }
}
