package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log of commands sent from this machine (console and CLI).")
final class AuditCommand extends CliCommand {

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only entries at or after TIME: an ISO-8601 instant (2026-11-23T10:00:00Z) or an age (30m, 12h, 7d).")
    String since;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.audit/1).")
    boolean json;

    @Override
    public Integer call() {
        Instant from = since == null ? null : parseSince(since);
        AuditTrail trail = AuditTrail.at(global().auditLog);
        List<AuditTrail.Entry> entries = trail.read(from);
        if (json) {
            ObjectNode root = Json.object();
            root.put("schema", "watchkeeper.audit/1");
            root.put("file", trail.file().toString());
            ArrayNode list = root.putArray("entries");
            for (AuditTrail.Entry e : entries) {
                ObjectNode n = list.addObject();
                n.put("time", e.time() == null ? null : e.time().toString());
                n.put("source", e.source());
                n.put("user", e.user());
                n.put("command", e.command());
                n.put("indexer", e.indexer());
                n.put("reason", e.reason());
                n.put("outcome", e.outcome());
                n.put("detail", e.detail());
                n.put("target", e.target());
            }
            Json.print(out(), root);
            return ExitCodes.OK;
        }
        if (entries.isEmpty()) {
            out().println("no audit entries" + (from == null ? "" : " since " + from) + " in " + trail.file());
            out().flush();
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("TIME", "USER", "SOURCE", "COMMAND", "INDEXER", "OUTCOME", "REASON", "DETAIL");
        for (AuditTrail.Entry e : entries) {
            t.add(e.time(), e.user(), e.source(), e.command(), e.indexer(), e.outcome(), e.reason(), e.detail());
        }
        t.print(out());
        return ExitCodes.OK;
    }

    private Instant parseSince(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return Instant.now().minus(DurationConverter.parse(value));
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--since needs an ISO-8601 instant or an age like 30m, not '" + value + "'");
            }
        }
    }
}
