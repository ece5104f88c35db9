package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log of commands sent from this machine (console and CLI write the same log).")
final class AuditCommand extends CliCommand {

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only entries at or after TIME: an ISO-8601 instant (2026-11-23T10:00:00Z) or an age (30m, 12h, 7d).")
    String since;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.audit/1).")
    boolean json;

    @Override
    public Integer call() {
        Instant from = since == null ? null : parseSince(since);
        AuditLog log = global().auditLog();
        List<AuditEntry> entries;
        AuditLog.Verification chain;
        try {
            entries = log.read(from);
            chain = log.verify();
        } catch (UncheckedIOException e) {
            throw CliFailure.failed(e.getMessage());
        }
        if (json) {
            ObjectNode root = Json.object();
            root.put("schema", "watchkeeper.audit/1");
            root.put("file", log.file().toString());
            root.put("chain_intact", chain.intact());
            root.put("chain_problem", chain.problem());
            ArrayNode breaks = root.putArray("chain_breaks");
            for (AuditLog.Break b : chain.breaks()) {
                ObjectNode n = breaks.addObject();
                n.put("line", b.line());
                n.put("kind", b.kind().name().toLowerCase(java.util.Locale.ROOT));
                n.put("problem", b.problem());
            }
            ArrayNode list = root.putArray("entries");
            for (AuditEntry e : entries) {
                ObjectNode n = list.addObject();
                n.put("time", e.time().toString());
                n.put("user", e.user());
                n.put("profile", e.profile());
                n.put("command", e.command());
                ArrayNode targets = n.putArray("targets");
                e.targets().forEach(targets::add);
                n.put("reason", e.reason());
                n.put("outcome", e.outcome());
                n.put("detail", e.detail());
            }
            Json.print(out(), root);
            return ExitCodes.OK;
        }
        if (entries.isEmpty()) {
            out().println("no audit entries" + (from == null ? "" : " since " + from) + " in " + log.file());
        } else {
            TextTable t = new TextTable("TIME", "USER", "PROFILE", "COMMAND", "TARGETS", "OUTCOME", "REASON", "DETAIL");
            for (AuditEntry e : entries) {
                t.add(e.time(), e.user(), e.profile(), e.command(), String.join(", ", e.targets()), e.outcome(), e.reason(), e.detail());
            }
            t.print(out());
        }
        out().println(chain.summary());
        out().flush();
        return ExitCodes.OK;
    }
}
