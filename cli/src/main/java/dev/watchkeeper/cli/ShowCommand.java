package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one indexer's state as the coordinator wrote it to Redis, raw value included.")
final class ShowCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT/FUNCTION", converter = IndexerIdConverter.class)
    IndexerId id;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.indexer/1).")
    boolean json;

    @Override
    public Integer call() {
        Endpoints ep = endpoints();
        FleetLook look = FleetLook.take(this, ep);
        IndexerState s = look.states().get(id);
        Instant observedAt = look.observedAt();
        if (s == null) {
            throw CliFailure.failed("no indexer " + id + " in " + ep.redisForDisplay());
        }
        var item = look.attention(s);
        Health health = Health.of(s, look.coordinator(), item.isPresent());
        if (json) {
            ObjectNode n = IndexerJson.of(s, look.coordinator());
            n.put("schema", "watchkeeper.indexer/1");
            n.put("health", health.text());
            n.put("stream_health", look.stream(id).name());
            n.put("executor_health", look.executor(id).name());
            item.ifPresent(i -> {
                ObjectNode a = n.putObject("attention");
                a.put("kind", i.kind().name());
                a.put("reason", i.reason());
            });
            n.put("raw_json", s.rawJson());
            n.put("observed_at", observedAt.toString());
            Json.print(out(), n);
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("FIELD", "VALUE").fullLastColumn();
        t.add("indexer", s.id().fullName());
        t.add("account", s.id().accountId());
        t.add("function", s.id().functionName());
        t.add("state", s.lifecycleText(look.coordinator()));
        t.add("enabled", IndexerJson.enabledText(s));
        t.add("stream", StatusCommand.text(look.stream(id)));
        t.add("executor", StatusCommand.text(look.executor(id)));
        t.add("health", health.text());
        item.ifPresent(i -> t.add("needs attention", i.kind().label() + ": " + i.reason()));
        t.add("registry version", s.blockStreamSyncedAt() == null ? "none" : s.blockStreamSyncedAt()
                + " (block height of the config the stream was synced to)");
        t.add("problem", s.problem() == null ? "none" : s.problem());
        t.add("raw value", s.rawJson());
        t.add("coordinator", look.coordinator().description());
        t.add("observed at", observedAt);
        t.print(out());
        look.problems().forEach(p -> err().println("warning: " + p));
        err().flush();
        return ExitCodes.OK;
    }
}
