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
        IndexerState s;
        Instant observedAt;
        try (FleetWatch fleet = fleet(ep)) {
            s = fleet.get(id);
            observedAt = fleet.observedAt();
        }
        if (s == null) {
            throw CliFailure.failed("no indexer " + id + " in " + ep.redisForDisplay());
        }
        if (json) {
            ObjectNode n = IndexerJson.of(s);
            n.put("schema", "watchkeeper.indexer/1");
            n.put("raw_json", s.rawJson());
            n.put("observed_at", observedAt.toString());
            Json.print(out(), n);
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("FIELD", "VALUE").fullLastColumn();
        t.add("indexer", s.id().fullName());
        t.add("account", s.id().accountId());
        t.add("function", s.id().functionName());
        t.add("state", s.lifecycleText());
        t.add("enabled", IndexerJson.enabledText(s));
        t.add("health", Health.of(s).text());
        t.add("synced at block", s.blockStreamSyncedAt());
        t.add("problem", s.problem() == null ? "none" : s.problem());
        t.add("raw value", s.rawJson());
        t.add("observed at", observedAt);
        t.print(out());
        return ExitCodes.OK;
    }
}
