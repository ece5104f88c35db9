package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.history.HistoryEvent.Gap;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryQueries.CommandEvent;
import dev.watchkeeper.history.HistoryQueries.IndexerEvent;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.IndexerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show what the history store recorded of one indexer: its state at --since, then every change, command and gap"
                + " after it, oldest first.")
final class HistoryCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT/FUNCTION", converter = IndexerIdConverter.class, description = "The indexer.")
    IndexerId id;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class, defaultValue = "24h",
            description = "From this moment: 2026-11-30T03:12:00Z, \"2026-11-30 03:12\", 03:12 (today), or 2h (ago) (default: ${DEFAULT-VALUE}).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class, description = "Up to this moment (default: now).")
    Instant until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most this many changes (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.history/1) instead of a table.")
    boolean json;

    /** One line of the timeline. */
    private record Line(Instant at, String kind, IndexerRecord record, CommandEvent command, Gap gap) {
    }

    @Override
    public Integer call() {
        Instant to = until == null ? Instant.now() : until;
        if (!since.isBefore(to)) {
            throw CliFailure.usage("--since " + since + " is not before --until " + to);
        }
        if (limit < 1) {
            throw CliFailure.usage("--limit must be at least 1");
        }
        StoreLocation location = global().historyLocation();
        List<Line> lines = new ArrayList<>();
        try (HistoryStore store = HistoryStores.open(location, false)) {
            HistoryQueries q = new HistoryQueries(store);
            Instant start = q.historyStart();
            if (start != null && since.isBefore(start) && start.isBefore(to)) {
                // the store's first moment is the earliest state it can show
                err().println("note: the history in " + location.display() + " starts at " + start);
                since = start;
            }
            List<IndexerEvent> changes = q.indexerHistory(id, since, to, limit);
            List<CommandEvent> commands = q.commands(id, since, to);
            if (changes.isEmpty() && commands.isEmpty()) {
                throw CliFailure.failed("no history of " + id.fullName() + " between " + since + " and " + to + " in " + location.display());
            }
            changes.forEach(c -> lines.add(new Line(c.at(), c.at().equals(since) ? "state" : c.record().present() ? "change" : "gone",
                    c.record(), null, null)));
            commands.forEach(c -> lines.add(new Line(c.at(), "command", null, c, null)));
            q.gaps(since.toEpochMilli(), to.toEpochMilli()).forEach(g -> lines.add(new Line(Instant.ofEpochMilli(g.fromMs()), "gap", null, null, g)));
            lines.sort(Comparator.comparing(Line::at));
            if (changes.size() >= limit) {
                err().println("warning: showing the first " + limit + " changes; use --limit or a later --since for the rest");
            }
        }
        if (json) {
            printJson(location, to, lines);
        } else {
            printTable(location, to, lines);
        }
        out().flush();
        err().flush();
        return ExitCodes.OK;
    }

    private void printTable(StoreLocation location, Instant to, List<Line> lines) {
        TextTable t = new TextTable("TIME", "WHAT", "STATE", "ENABLED", "STREAM", "EXECUTOR", "LAST BLOCK", "QUEUE", "NOTE");
        for (Line l : lines) {
            switch (l.kind()) {
                case "command" -> {
                    var e = l.command().entry();
                    t.add(l.at(), "command", "", "", "", "", "", "", e.command() + " " + e.outcome() + " by " + e.user()
                            + (e.reason().isEmpty() ? "" : " (" + e.reason() + ")") + (e.detail().isEmpty() ? "" : ": " + e.detail()));
                }
                case "gap" -> t.add(l.at(), "gap", "", "", "", "", "", "", "until " + Instant.ofEpochMilli(l.gap().toMs()) + ": " + l.gap().reason());
                default -> {
                    IndexerRecord r = l.record();
                    var s = r.state();
                    t.add(l.at(), l.kind(), s == null ? (r.present() ? "not in Redis" : "gone") : s.lifecycleText(),
                            s == null ? "" : IndexerJson.enabledText(s), text(r.streamHealth()), text(r.executorHealth()),
                            r.lastPublishedBlock(), r.queueDepth(), note(r));
                }
            }
        }
        t.print(out());
        out().println(id.fullName() + " · " + since + " to " + to + " · " + location.display());
    }

    private static String text(Enum<?> health) {
        return health == null ? "none" : StatusCommand.text(health);
    }

    private static String note(IndexerRecord r) {
        List<String> notes = new ArrayList<>();
        if (r.stateProblem() != null) {
            notes.add(r.stateProblem());
        }
        if (r.progressProblem() != null) {
            notes.add(r.progressProblem());
        }
        if (r.streamUpdatedAtSecs() != null && r.streamUpdatedAtSecs() > 0) {
            notes.add("stream health of " + Instant.ofEpochSecond(r.streamUpdatedAtSecs()));
        }
        return String.join("; ", notes);
    }

    private void printJson(StoreLocation location, Instant to, List<Line> lines) {
        ObjectNode root = Json.object();
        root.put("schema", "watchkeeper.history/1");
        root.put("indexer", id.fullName());
        root.put("store", location.display());
        root.put("since", since.toString());
        root.put("until", to.toString());
        ArrayNode events = root.putArray("events");
        for (Line l : lines) {
            ObjectNode n = events.addObject();
            n.put("at", l.at().toString());
            n.put("kind", l.kind());
            switch (l.kind()) {
                case "command" -> {
                    var e = l.command().entry();
                    n.put("command", e.command());
                    n.put("outcome", e.outcome());
                    n.put("user", e.user());
                    n.put("reason", e.reason());
                    n.put("detail", e.detail());
                }
                case "gap" -> {
                    n.put("until", Instant.ofEpochMilli(l.gap().toMs()).toString());
                    n.put("reason", l.gap().reason());
                }
                default -> record(n, l.record());
            }
        }
        Json.print(out(), root);
    }

    /** The recorded fields of one indexer, shared with {@code status --at --json}. */
    static void record(ObjectNode n, IndexerRecord r) {
        n.put("in_redis", r.inRedis());
        putText(n, "lifecycle", r.lifecycle());
        n.put("raw_lifecycle", r.rawLifecycle());
        if (r.enabled() == null) {
            n.putNull("enabled");
        } else {
            n.put("enabled", r.enabled());
        }
        putText(n, "readability", r.readability());
        n.put("state_problem", r.stateProblem());
        putText(n, "stream_health", r.streamHealth());
        n.put("stream_updated_at", r.streamUpdatedAtSecs() == null || r.streamUpdatedAtSecs() == 0 ? null
                : Instant.ofEpochSecond(r.streamUpdatedAtSecs()).toString());
        putText(n, "executor_health", r.executorHealth());
        n.put("last_published_block", r.lastPublishedBlock());
        n.put("queue_depth", r.queueDepth());
        n.put("progress_problem", r.progressProblem());
    }

    private static void putText(ObjectNode n, String field, Enum<?> e) {
        if (e == null) {
            n.putNull(field);
        } else {
            n.put(field, e.name());
        }
    }
}
