package dev.watchkeeper.connectors.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (version 0.0.4), which the block streamer (Rust
 * {@code prometheus} crate TextEncoder, block-streamer/src/metrics.rs) and the runner
 * ({@code prom-client}, runner/src/metrics.ts) serve on {@code /metrics}.
 *
 * <p>Hand-written because no maintained Java library parses this format: the Prometheus Java
 * client ({@code io.prometheus:prometheus-metrics-exposition-textformats} 1.10.0) only writes it.
 * Line by line and lenient per line: a line that breaks the grammar (bad escape, bad number,
 * duplicate label, over-long line) is skipped and reported with its number, the rest still counts.
 * Never throws on content; bounded by {@link #MAX_LINE_CHARS} and {@link #MAX_SAMPLES}.
 */
public final class ExpositionParser {

    /** Longer lines are skipped: no exporter we read writes lines anywhere near this. */
    public static final int MAX_LINE_CHARS = 64 * 1024;
    /** Samples kept from one scrape; the rest is reported, not read. */
    public static final int MAX_SAMPLES = 1_000_000;
    public static final int MAX_PROBLEMS = 20;

    private final String text;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    /** Names seen so far: repeated metric names and label names share one String. */
    private final Map<String, String> names = new HashMap<>();
    private int badLines;
    private int lineNo;
    // the line being read: text[pos, end)
    private int pos;
    private int end;

    private ExpositionParser(String text) {
        this.text = text;
    }

    public static Exposition parse(String text) {
        ExpositionParser p = new ExpositionParser(text == null ? "" : text);
        p.run();
        return new Exposition(p.samples, p.types, p.problems, p.badLines);
    }

    private void run() {
        int n = text.length();
        int start = 0;
        while (start < n) {
            int nl = text.indexOf('\n', start);
            int lineEnd = nl < 0 ? n : nl;
            lineNo++;
            if (lineEnd - start > MAX_LINE_CHARS) {
                bad("longer than " + MAX_LINE_CHARS + " characters");
            } else if (samples.size() >= MAX_SAMPLES) {
                problem("more than " + MAX_SAMPLES + " samples; the rest was not read");
                badLines++;
                return;
            } else {
                pos = start;
                end = lineEnd > start && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
                line();
            }
            start = lineEnd + 1;
        }
    }

    private void line() {
        skipBlanks();
        if (pos >= end) {
            return;
        }
        if (text.charAt(pos) == '#') {
            comment();
            return;
        }
        try {
            sample();
        } catch (Bad e) {
            bad(e.getMessage());
        }
    }

    /** {@code # TYPE name type} is kept; {@code # HELP} and other comments carry nothing the console uses. */
    private void comment() {
        pos++;
        skipBlanks();
        if (!text.startsWith("TYPE", pos) || pos + 4 >= end || !blank(text.charAt(pos + 4))) {
            return;
        }
        pos += 4;
        skipBlanks();
        int nameStart = pos;
        while (pos < end && nameChar(text.charAt(pos), pos == nameStart, true)) {
            pos++;
        }
        String name = text.substring(nameStart, pos);
        skipBlanks();
        String type = text.substring(pos, end).strip();
        if (name.isEmpty() || !(type.equals("counter") || type.equals("gauge") || type.equals("histogram")
                || type.equals("summary") || type.equals("untyped"))) {
            bad("malformed # TYPE line");
            return;
        }
        types.put(name, type);
    }

    private void sample() {
        String name = name(true);
        String[] labels = Sample.NO_LABELS;
        int before = pos;
        skipBlanks();
        if (pos < end && text.charAt(pos) == '{') {
            pos++;
            labels = labels();
            before = pos;
            skipBlanks();
        }
        if (pos >= end) {
            throw new Bad("no value");
        }
        if (pos == before) {
            throw new Bad("unexpected '" + text.charAt(pos) + "' after the metric name");
        }
        int valueStart = pos;
        while (pos < end && !blank(text.charAt(pos))) {
            pos++;
        }
        double value = number(text.substring(valueStart, pos));
        skipBlanks();
        long ts = Sample.NO_TIMESTAMP;
        if (pos < end) {
            int tsStart = pos;
            while (pos < end && !blank(text.charAt(pos))) {
                pos++;
            }
            ts = timestamp(text.substring(tsStart, pos));
            skipBlanks();
            if (pos < end) {
                throw new Bad("unexpected text after the timestamp");
            }
        }
        samples.add(new Sample(name, labels, value, ts));
    }

    private String name(boolean metric) {
        int start = pos;
        while (pos < end && nameChar(text.charAt(pos), pos == start, metric)) {
            pos++;
        }
        if (pos == start) {
            throw new Bad(metric ? "no metric name" : "no label name");
        }
        String s = text.substring(start, pos);
        String known = names.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private String[] labels() {
        List<String> out = new ArrayList<>(4);
        while (true) {
            skipBlanks();
            if (pos >= end) {
                throw new Bad("unclosed '{'");
            }
            if (text.charAt(pos) == '}') {
                pos++;
                break;
            }
            String key = name(false);
            for (int i = 0; i < out.size(); i += 2) {
                if (out.get(i).equals(key)) {
                    throw new Bad("label " + key + " given twice");
                }
            }
            skipBlanks();
            expect('=');
            skipBlanks();
            expect('"');
            out.add(key);
            out.add(labelValue());
            skipBlanks();
            if (pos < end && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < end && text.charAt(pos) != '}') {
                throw new Bad("expected ',' or '}' after label " + key);
            }
        }
        return out.toArray(Sample.NO_LABELS);
    }

    /** From after the opening quote to after the closing one; escapes {@code \\}, {@code \"}, {@code \n} only. */
    private String labelValue() {
        StringBuilder b = null;
        int start = pos;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                String v = b == null ? text.substring(start, pos) : b.append(text, start, pos).toString();
                pos++;
                return v;
            }
            if (c == '\\') {
                if (pos + 1 >= end) {
                    break;
                }
                char e = text.charAt(pos + 1);
                char out = switch (e) {
                    case '\\' -> '\\';
                    case '"' -> '"';
                    case 'n' -> '\n';
                    default -> throw new Bad("bad escape '\\" + e + "' in a label value");
                };
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(text, start, pos).append(out);
                pos += 2;
                start = pos;
                continue;
            }
            pos++;
        }
        throw new Bad("unclosed label value");
    }

    /** Go's ParseFloat as Prometheus uses it: decimal and exponent forms, NaN and (+/-)Inf in any case. */
    static double number(String s) {
        if (s.isEmpty()) {
            throw new Bad("no value");
        }
        String t = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
        boolean negative = s.charAt(0) == '-';
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        // Java would also take hex floats and a trailing d/f: the format has neither
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' && c != '_') {
                throw new Bad("'" + abbreviate(s) + "' is not a number");
            }
        }
        if (!digit || t.indexOf('_') >= 0) {
            throw new Bad("'" + abbreviate(s) + "' is not a number");
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new Bad("'" + abbreviate(s) + "' is not a number");
        }
    }

    private static long timestamp(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Bad("'" + abbreviate(s) + "' is not a timestamp in milliseconds");
        }
    }

    private void expect(char c) {
        if (pos >= end || text.charAt(pos) != c) {
            throw new Bad("expected '" + c + "'");
        }
        pos++;
    }

    private void skipBlanks() {
        while (pos < end && blank(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean nameChar(char c, boolean first, boolean metric) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':') || (!first && c >= '0' && c <= '9');
    }

    private void bad(String why) {
        badLines++;
        problem("line " + lineNo + ": " + why);
    }

    private void problem(String p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** A line that breaks the grammar; cheap (no stack trace), caught per line. */
    private static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message, null, false, false);
        }
    }
}
