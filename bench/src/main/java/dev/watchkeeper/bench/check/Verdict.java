package dev.watchkeeper.bench.check;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The end of {@code bench/check}: prints every target of the results file with its figure and
 * ratio, and exits 1 when any was missed (or a profile wrote no targets at all).
 *
 * <pre>Verdict RESULTS_JSON PROFILE...</pre> (the profiles that must have run)
 */
public final class Verdict {

    private Verdict() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode root = Results.JSON.readTree(Path.of(args[0]).toFile());
        Map<String, JsonNode> profiles = Results.profiles(root);
        int missed = 0;
        for (int i = 1; i < args.length; i++) {
            if (!profiles.containsKey(args[i]) || profiles.get(args[i]).path("targets").isEmpty()) {
                System.out.println("MISS " + args[i] + ": no results (the benchmark failed before writing them)");
                missed++;
            }
        }
        for (Map.Entry<String, JsonNode> p : profiles.entrySet()) {
            for (JsonNode t : p.getValue().path("targets")) {
                Target target = new Target(t.path("figure").asText(), t.path("value").asDouble(), t.path("unit").asText(),
                        t.path("limit").asDouble(), t.path("below").asBoolean());
                missed += target.met() ? 0 : 1;
                System.out.printf(Locale.ROOT, "%-12s %s%n", p.getKey(), target);
            }
        }
        System.out.println(missed == 0 ? "bench/check: every target met" : "bench/check: " + missed + " target(s) missed");
        System.exit(missed == 0 ? 0 : 1);
    }
}
