package dev.watchkeeper.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Turns a soak run's results into docs: copies {@code soak.csv} and {@code soak-summary.json} to
 * {@code docs/soak/}, draws {@code docs/soak/soak-chart.svg} from the CSV (a plain SVG writer: four
 * small line charts need no charting library), and replaces the part of docs/reliability.md between
 * {@link #START} and {@link #END} with the verdict and the tables. No figure is typed by hand.
 *
 * <p>{@code SoakReport [--results bench/target/soak] [--docs docs]}
 */
public final class SoakReport {

    static final String START = "<!-- soak-results:start (written by bench/soak-report.sh from docs/soak/; do not edit) -->";
    static final String END = "<!-- soak-results:end -->";

    private SoakReport() {
    }

    /** One CSV row, by column name. */
    record Row(String[] header, String[] values) {
        double get(String column) {
            int i = Arrays.asList(header).indexOf(column);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + column + " in soak.csv");
            }
            return Double.parseDouble(values[i]);
        }
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of("bench/target/soak");
        Path docs = Path.of("docs");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[i + 1]);
                case "--docs" -> docs = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path out = docs.resolve("soak");
        Files.createDirectories(out);
        if (!results.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            Files.copy(results.resolve("soak.csv"), out.resolve("soak.csv"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(results.resolve("soak-summary.json"), out.resolve("soak-summary.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        List<Row> rows = readCsv(out.resolve("soak.csv"));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("soak-summary.json").toFile());
        Files.writeString(out.resolve("soak-chart.svg"), chart(rows, summary));
        Path page = docs.resolve("reliability.md");
        Files.writeString(page, replaceSection(Files.readString(page), section(rows, summary)));
        System.out.println("wrote " + out.resolve("soak-chart.svg") + " and the soak section of " + page);
    }

    static List<Row> readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.getFirst().split(",");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(new Row(header, line.split(",")));
            }
        }
        return rows;
    }

    static String replaceSection(String page, String section) {
        int a = page.indexOf(START);
        int b = page.indexOf(END);
        if (a < 0 || b < a) {
            throw new IllegalStateException("docs/reliability.md has no soak results markers (" + START + " … " + END + ")");
        }
        return page.substring(0, a) + START + "\n" + section + END + page.substring(b + END.length());
    }

    static String section(List<Row> rows, JsonNode s) {
        StringBuilder md = new StringBuilder();
        JsonNode load = s.path("load");
        JsonNode mc = s.path("model_check");
        JsonNode cmd = s.path("commands");
        JsonNode fx = s.path("fx");
        JsonNode tr = s.path("trends");
        md.append(String.format(Locale.ROOT, "**%s** — %s, finished %s: %,d indexers, %.0f changes/s asked (%,d state changes written, "
                        + "%,d applied by the console), a fault every %d s, the operator running a bulk command on %d indexers every %d s.%n%n",
                s.path("verdict").asText(), minutes(s.path("seconds").asLong()), s.path("finished_at").asText(), load.path("indexers").asInt(),
                load.path("changes_per_second").asDouble(), load.path("state_changes_written").asLong(), load.path("state_changes_applied").asLong(),
                load.path("fault_every_s").asInt(), load.path("operator_batch").asInt(), load.path("operator_every_s").asInt()));
        for (JsonNode p : s.path("problems")) {
            md.append("- failed: ").append(p.asText()).append('\n');
        }
        for (JsonNode p : s.path("not_judged")) {
            md.append("- not judged: ").append(p.asText()).append('\n');
        }
        md.append("\n![soak chart: live heap, threads and descriptors, FX p99, changes and commands per minute](soak/soak-chart.svg)\n\n");
        md.append("| check | result | limit |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| model equals Redis (every field, every indexer; %d s settle) | %d rounds passed, %d failed, %d not judged (Redis restarting); %,d values compared, %,d changing during their round | every round |%n",
                mc.path("settle_s").asInt(), mc.path("rounds_passed").asInt(), mc.path("rounds_failed").asInt(), mc.path("rounds_not_judged").asInt(),
                mc.path("values_compared").asLong(), mc.path("values_changing_during_a_round").asLong()));
        int faults = s.path("faults").size();
        long converged = 0;
        double worst = 0;
        for (JsonNode f : s.path("faults")) {
            if (f.path("model_equal_redis").asBoolean(false)) {
                converged++;
            }
            worst = Math.max(worst, f.path("checked_after_s").asDouble(0));
        }
        md.append(String.format(Locale.ROOT, "| after each fault, the first round | %d of %d faults followed by a passing round (judged at most %.1f s after the fault was undone) | all |%n",
                converged, faults, worst));
        md.append(String.format(Locale.ROOT, "| every command has exactly one audit outcome; chain verifies | %d bulk commands, %d items; entries %s; %s | no problem |%n",
                cmd.path("bulk_commands").asInt(), cmd.path("items").asInt(), cmd.path("audit_entries_by_outcome").toString().replace("\"", "").replace(",", ", "),
                cmd.path("audit_problems").isEmpty() ? "no problem" : cmd.path("audit_problems").size() + " problems"));
        md.append(String.format(Locale.ROOT, "| FX thread answers (a call every 100 ms) | p50 %d ms, p99 %d ms, max %d ms over %,d calls (%d set aside during the soak's own forced GCs) | p99 ≤ %d ms |%n",
                fx.path("p50_ms").asLong(), fx.path("p99_ms").asLong(), fx.path("max_ms").asLong(), fx.path("calls").asLong(),
                fx.path("set_aside_during_forced_gc").asLong(), fx.path("limit_p99_ms").asLong()));
        md.append(String.format(Locale.ROOT, "| live heap slope after the %d-s warm-up | %s | ≤ %s MB/h |%n", tr.path("warm_up_s").asInt(),
                tr.path("heap_mb_per_hour").isNull() ? "not judged" : tr.path("heap_mb_per_hour").asText() + " MB/h", tr.path("limits").path("heap_mb_per_hour").asText()));
        md.append(String.format(Locale.ROOT, "| threads / descriptors growth after the warm-up | %s / %s | ≤ %s / ≤ %s |%n",
                tr.path("thread_growth").isNull() ? "not judged" : tr.path("thread_growth").asText(),
                tr.path("fd_growth").isNull() ? "not judged" : tr.path("fd_growth").asText(),
                tr.path("limits").path("threads").asText(), tr.path("limits").path("fds").asText()));
        md.append(String.format(Locale.ROOT, "| ERROR lines and uncaught exceptions | %d | 0 |%n", s.path("log").path("error_lines").asLong()));
        md.append("\nWARN lines by kind (counted, not failing: every connector failure during a fault is a WARN):\n\n| count | kind |\n|---:|---|\n");
        s.path("log").path("warn_kinds").fields().forEachRemaining(e ->
                md.append("| ").append(e.getValue().asLong()).append(" | `").append(e.getKey().replace("|", "\\|").replace("`", "'")).append("` |\n"));
        md.append("\nFaults, in order:\n\n| start | fault | undone | model equal to Redis | judged after |\n|---:|---|---:|---|---:|\n");
        for (JsonNode f : s.path("faults")) {
            md.append(String.format(Locale.ROOT, "| %d s | %s | %s | %s | %s |%n", f.path("start_s").asLong(), f.path("kind").asText(),
                    f.path("end_s").isNull() ? "-" : f.path("end_s").asLong() + " s",
                    f.path("model_equal_redis").isNull() ? "not checked" : f.path("model_equal_redis").asBoolean() ? "yes" : "**no**",
                    f.path("checked_after_s").isNull() ? "-" : f.path("checked_after_s").asText() + " s"));
        }
        md.append("\nPer minute (`docs/soak/soak.csv`):\n\n| minute | live heap MB | threads | fds | FX p99 ms | changes applied | commands finished | faults | checks passed / failed | WARN |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %.0f | %.1f | %.0f | %.0f | %.0f | %,.0f | %.0f | %.0f | %.0f / %.0f | %.0f |%n", r.get("minute"),
                    r.get("heap_mb"), r.get("threads"), r.get("fds"), r.get("fx_p99_ms"), r.get("changes_applied"), r.get("commands_finished"),
                    r.get("faults"), r.get("checks_passed"), r.get("checks_failed"), r.get("warns")));
        }
        return md.toString();
    }

    private static String minutes(long seconds) {
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    /** Four stacked panels sharing the minute axis; the FX panel shows its limit as a dashed line. */
    static String chart(List<Row> rows, JsonNode summary) {
        int w = 900;
        int panelH = 150;
        int top = 30;
        int left = 70;
        int right = 20;
        String[][] panels = {
            {"live heap after full GC (MB)", "heap_mb"},
            {"threads (blue) and file descriptors (orange)", "threads", "fds"},
            {"FX thread p99 answer time (ms)", "fx_p99_ms"},
            {"state changes applied per minute (blue), commands finished ×100 (orange)", "changes_applied", "commands_finished"},
        };
        String[] colours = {"#1f77b4", "#ff7f0e"};
        StringBuilder svg = new StringBuilder();
        int h = top + panels.length * (panelH + 40) + 20;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", w, h));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">Soak %s, %s: per-minute samples (docs/soak/soak.csv)</text>%n",
                left, esc(summary.path("verdict").asText()), esc(summary.path("finished_at").asText())));
        double maxMinute = rows.stream().mapToDouble(r -> r.get("minute")).max().orElse(1);
        double limit = summary.path("fx").path("limit_p99_ms").asDouble();
        for (int p = 0; p < panels.length; p++) {
            int y0 = top + p * (panelH + 40) + 20;
            double max = 0;
            for (int c = 1; c < panels[p].length; c++) {
                String col = panels[p][c];
                double scale = col.equals("commands_finished") ? 100 : 1;
                max = Math.max(max, rows.stream().mapToDouble(r -> r.get(col) * scale).max().orElse(0));
            }
            if (panels[p][1].equals("fx_p99_ms")) {
                max = Math.max(max, limit);
            }
            max = niceCeiling(max);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left, y0 - 6, esc(panels[p][0])));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                    left, y0, w - left - right, panelH));
            for (int g = 0; g <= 2; g++) {
                double v = max * g / 2;
                double y = y0 + panelH - panelH * g / 2.0;
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 4, y + 4, label(v)));
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n", left, w - right, y, y));
            }
            if (panels[p][1].equals("fx_p99_ms")) {
                double y = y0 + panelH - panelH * limit / max;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>%n", left, w - right, y, y));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#d62728\">limit %s ms</text>%n", w - right - 4, y - 3, label(limit)));
            }
            for (int c = 1; c < panels[p].length; c++) {
                String col = panels[p][c];
                double scale = col.equals("commands_finished") ? 100 : 1;
                svg.append(polyline(rows, r -> r.get(col) * scale, left, y0, w - left - right, panelH, maxMinute, max, colours[c - 1]));
            }
            for (JsonNode f : summary.path("faults")) {
                double x = left + (w - left - right) * (f.path("start_s").asDouble() / 60.0) / maxMinute;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#d62728\" stroke-opacity=\"0.35\"/>%n",
                        x, x, y0 + panelH - 6, y0 + panelH));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">minute %s</text>%n", w - right, y0 + panelH + 14, label(maxMinute)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#d62728\">red ticks: infrastructure faults</text>%n", left, h - 6));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String polyline(List<Row> rows, ToDoubleFunction<Row> value, int x0, int y0, int width, int height,
                                   double maxMinute, double max, String colour) {
        StringBuilder pts = new StringBuilder();
        for (Row r : rows) {
            double x = x0 + width * r.get("minute") / maxMinute;
            double y = y0 + height - height * Math.min(value.applyAsDouble(r), max) / max;
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colour, pts.toString().trim());
    }

    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * mag >= v) {
                return step * mag;
            }
        }
        return 10 * mag;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
