package dev.watchkeeper.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table: columns padded to their widest cell, two spaces apart. */
final class TextTable {

    /** Cells longer than this are cut with an ellipsis so one bad value cannot wreck the layout. */
    private static final int MAX_CELL = 80;

    private final List<String> headers;
    private int maxCell = MAX_CELL;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /** Lets cells of the last column run to any length (for values shown in full). */
    TextTable fullLastColumn() {
        maxCell = Integer.MAX_VALUE;
        return this;
    }

    void add(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(cell(c, row.size() == headers.size() - 1 ? maxCell : MAX_CELL));
        }
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            boolean last = i == widths.length - 1;
            b.append(last ? cells.get(i) : pad(cells.get(i), widths[i])).append(last ? "" : "  ");
        }
        out.println(b.toString().stripTrailing());
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String cell(Object o, int max) {
        if (o == null) {
            return "-";
        }
        String s = withoutControls(o.toString());
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    /**
     * Control characters (newlines in raw values) would break the alignment; they become spaces.
     * A scan, not a regex: {@code status} makes eight cells per indexer, and a cold JVM compiling a
     * pattern for each was a tenth of its run on 10,000 indexers.
     */
    static String withoutControls(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (isControl(chars[j])) {
                        chars[j] = ' ';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** What {@code \p{Cntrl}} matches: C0 controls and DEL. */
    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }
}
