package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryQueries.CommandEvent;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.WindowQueries.Change;
import dev.watchkeeper.model.audit.AuditEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of "what changed": an indexer's transition (what a reader of the fleet table would see
 * change; moving counters alone are not listed) or a command with its outcome.
 *
 * @param what   "lifecycle", "stream", "executor", "enabled", "joined", "left", "command", or "gap"
 * @param from   the value before ("" for a command; a gap: its start)
 * @param to     the value after (a command: its outcome; a gap: its end)
 * @param detail a command's name, user and reason, a gap's reason; empty for transitions
 */
public record ChangeRow(Instant at, String indexer, String what, String from, String to, String detail) {

    /** The transitions one recorded change makes visible, none when only counters moved. */
    static List<ChangeRow> of(Change c) {
        List<ChangeRow> out = new ArrayList<>();
        String name = c.id().fullName();
        IndexerRecord a = c.before();
        IndexerRecord b = c.after();
        if (a == null || !a.inRedis()) {
            if (b != null && b.inRedis()) {
                out.add(new ChangeRow(c.at(), name, "joined", "", lifecycle(b), ""));
            }
            return out;
        }
        if (b == null || !b.inRedis()) {
            out.add(new ChangeRow(c.at(), name, "left", lifecycle(a), "", ""));
            return out;
        }
        if (!lifecycle(a).equals(lifecycle(b))) {
            out.add(new ChangeRow(c.at(), name, "lifecycle", lifecycle(a), lifecycle(b), ""));
        }
        if (!Objects.equals(a.enabled(), b.enabled())) {
            out.add(new ChangeRow(c.at(), name, "enabled", text(a.enabled()), text(b.enabled()), ""));
        }
        if (a.streamHealth() != b.streamHealth()) {
            out.add(new ChangeRow(c.at(), name, "stream", text(a.streamHealth()), text(b.streamHealth()), ""));
        }
        if (a.executorHealth() != b.executorHealth()) {
            out.add(new ChangeRow(c.at(), name, "executor", text(a.executorHealth()), text(b.executorHealth()), ""));
        }
        return out;
    }

    /** One line per target of a command entry (SENDING, then how it ended). */
    static List<ChangeRow> of(CommandEvent c) {
        AuditEntry e = c.entry();
        String detail = e.command() + " by " + e.user() + (e.reason() == null || e.reason().isBlank() ? "" : ": " + e.reason())
                + (e.detail() == null || e.detail().isBlank() ? "" : " (" + e.detail() + ")");
        List<ChangeRow> out = new ArrayList<>();
        for (String target : e.targets()) {
            out.add(new ChangeRow(c.at(), target, "command", "", e.outcome(), detail));
        }
        return out;
    }

    /** A stretch the store could not record: changes in it may be missing from the list. */
    static ChangeRow of(dev.watchkeeper.history.HistoryEvent.Gap g, java.time.ZoneId zone) {
        java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
        return new ChangeRow(Instant.ofEpochMilli(g.fromMs()), "", "gap", hms.format(Instant.ofEpochMilli(g.fromMs())),
                hms.format(Instant.ofEpochMilli(g.toMs())), g.reason());
    }

    private static String lifecycle(IndexerRecord r) {
        return r.lifecycle() == null ? "unknown" : r.lifecycle().label();
    }

    private static String text(Object o) {
        return o == null ? "none" : o instanceof Boolean x ? (x ? "yes" : "no") : o.toString();
    }

    /** True when every word of {@code filter} occurs in the row (indexer, what, values, command), ignoring case: as the fleet filter reads. */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String all = String.join(" ", indexer, what, from, to, detail).toLowerCase(Locale.ROOT);
        for (String word : filter.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!all.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
