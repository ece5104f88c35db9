package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.model.attention.AttentionItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/** The Attention view for scripts and pagers: the same rules and reasons, from one look at the control plane. */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = {"List the indexers that need an operator, most urgent first, with the reason (the console's Attention rules).",
                "Exit 0 when none does, 1 when some do. Give --block-streamer and --runner (or a profile) for stream and executor health."})
final class AttentionCommand extends CliCommand {

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.attention/1) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        FleetLook look = FleetLook.take(this, endpoints());
        List<AttentionItem> items = look.states().values().stream()
                .map(look::attention).flatMap(Optional::stream)
                .sorted(AttentionItem.RANKING).toList();
        if (json) {
            ObjectNode root = Json.object();
            root.put("schema", "watchkeeper.attention/1");
            root.put("observed_at", look.observedAt().toString());
            root.put("coordinator", look.coordinator().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode list = root.putArray("items");
            for (AttentionItem i : items) {
                ObjectNode n = list.addObject();
                n.put("account_id", i.id().accountId());
                n.put("function_name", i.id().functionName());
                n.put("kind", i.kind().name());
                n.put("rank", i.kind().rank());
                n.put("reason", i.reason());
                if (i.since() == null) {
                    n.putNull("since");
                } else {
                    n.put("since", i.since().toString());
                }
            }
            ArrayNode problems = root.putArray("source_problems");
            look.problems().forEach(problems::add);
            Json.print(out(), root);
        } else {
            if (items.isEmpty()) {
                out().println("nothing needs an operator (" + look.states().size() + " indexers)");
            } else {
                TextTable t = new TextTable("KIND", "INDEXER", "SINCE", "REASON");
                for (AttentionItem i : items) {
                    t.add(i.kind().label(), i.id().fullName(), i.since() == null ? "" : i.since().toString(), i.reason());
                }
                t.print(out());
                out().println(items.size() + " of " + look.states().size() + " indexers need an operator · as of " + look.observedAt());
            }
            look.problems().forEach(p -> err().println("warning: " + p));
        }
        out().flush();
        err().flush();
        return items.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
