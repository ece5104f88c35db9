package dev.watchkeeper.app.export;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.ui.Styles;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The fleet view as CSV (RFC 4180 quoting), in the order and with the filter the user sees. */
public final class FleetCsv {

    public static final String HEADER = "account_id,function_name,lifecycle_state,enabled,stream_health,stream_health_updated_at,"
            + "executor_health,last_published_block,queue_depth,seconds_in_state,command_note";

    private FleetCsv() {
    }

    public static String format(List<IndexerRow> rows, Instant now) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (IndexerRow r : rows) {
            var s = r.state();
            join(sb, r.id().accountId(), r.id().functionName(), s.lifecycleText(),
                    s.enabled() == null ? "unknown" : s.enabled().toString(),
                    Styles.healthText(r.streamHealth()),
                    r.streamUpdatedAtSecs() > 0 ? Instant.ofEpochSecond(r.streamUpdatedAtSecs()).toString() : "",
                    Styles.healthText(r.executorHealth()),
                    r.lastPublishedBlock() == null ? "" : r.lastPublishedBlock().toString(),
                    r.queueDepth() == null ? "" : r.queueDepth().toString(),
                    r.stateSince() == null ? "" : Long.toString(Math.max(0, Duration.between(r.stateSince(), now).toSeconds())),
                    r.commandNoteProperty().get() == null ? "" : r.commandNoteProperty().get());
        }
        return sb.toString();
    }

    private static void join(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields[i]));
        }
        sb.append("\r\n");
    }

    static String quote(String v) {
        // A leading = + - @ would run as a formula in spreadsheets: prefix it so the cell stays text.
        String safe = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0 || !safe.equals(v)) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
