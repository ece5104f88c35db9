package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List every indexer with its lifecycle state as the coordinator wrote it to Redis.")
final class StatusCommand extends CliCommand {

    @Option(names = "--state", split = ",", paramLabel = "STATE",
            description = "Only these lifecycle states (comma-separated): ${COMPLETION-CANDIDATES}.")
    Set<LifecycleState> states;

    @Option(names = "--health", split = ",", paramLabel = "HEALTH",
            description = "Only this health (comma-separated): ${COMPLETION-CANDIDATES}.")
    Set<Health> health;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.status/1) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Endpoints ep = endpoints();
        Map<IndexerId, IndexerState> all;
        Instant observedAt;
        try (FleetWatch fleet = fleet(ep)) {
            all = fleet.snapshot();
            observedAt = fleet.observedAt();
        }
        List<IndexerState> shown = all.values().stream()
                .filter(s -> states == null || states.contains(s.lifecycle()))
                .filter(s -> health == null || health.contains(Health.of(s)))
                .sorted(Comparator.comparing(IndexerState::id))
                .toList();
        if (json) {
            ObjectNode root = Json.object();
            root.put("schema", "watchkeeper.status/1");
            root.put("redis", ep.redisForDisplay());
            root.put("observed_at", observedAt.toString());
            root.put("total", all.size());
            ArrayNode list = root.putArray("indexers");
            shown.forEach(s -> list.add(IndexerJson.of(s)));
            Json.print(out(), root);
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("INDEXER", "STATE", "ENABLED", "HEALTH", "SYNCED AT", "PROBLEM");
        for (IndexerState s : shown) {
            t.add(s.id().fullName(), s.lifecycleText(), IndexerJson.enabledText(s), Health.of(s).text(),
                    s.blockStreamSyncedAt(), s.problem() == null ? "" : s.problem());
        }
        if (shown.isEmpty()) {
            out().println(all.isEmpty() ? "no indexers in Redis" : "no indexer matches");
        } else {
            t.print(out());
        }
        out().println(summary(all.values(), shown.size()) + " · " + ep.redisForDisplay() + " · as of " + observedAt);
        out().flush();
        return ExitCodes.OK;
    }

    private static String summary(java.util.Collection<IndexerState> all, int shown) {
        Map<Health, Long> counts = new EnumMap<>(Health.class);
        counts.putAll(all.stream().collect(Collectors.groupingBy(Health::of, Collectors.counting())));
        String byHealth = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().text()).collect(Collectors.joining(", "));
        String total = all.size() + (all.size() == 1 ? " indexer" : " indexers");
        return (shown == all.size() ? total : shown + " of " + total) + (byHealth.isEmpty() ? "" : " (" + byHealth + ")");
    }
}
