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
        description = "List every indexer with its lifecycle state as the coordinator wrote it to Redis, and stream and executor health"
                + " when a block streamer and runner are given (or in the profile).")
final class StatusCommand extends CliCommand {

    @Option(names = "--state", split = ",", paramLabel = "STATE",
            description = "Only these lifecycle states (comma-separated): ${COMPLETION-CANDIDATES}.")
    Set<LifecycleState> states;

    @Option(names = "--health", split = ",", paramLabel = "HEALTH",
            description = "Only this health (comma-separated): ${COMPLETION-CANDIDATES}.")
    Set<Health> health;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.status/1) instead of a table.")
    boolean json;

    @Option(names = "--at", paramLabel = "TIME", converter = TimeConverter.class,
            description = "The fleet as it was then, from the history store (see `record`): 2026-11-30T03:12:00Z, \"2026-11-30 03:12\", 03:12, or 2h (ago).")
    Instant at;

    @Override
    public Integer call() {
        Endpoints ep = endpoints();
        FleetLook look = at == null ? FleetLook.take(this, ep) : HistoricLook.at(global().historyLocation(), at);
        Map<IndexerId, IndexerState> all = look.states();
        Instant observedAt = look.observedAt();
        Map<IndexerId, Health> healthOf = new java.util.HashMap<>();
        Map<IndexerId, dev.watchkeeper.model.attention.AttentionItem> flagged = new java.util.HashMap<>();
        for (IndexerState s : all.values()) {
            var item = look.attention(s);
            item.ifPresent(i -> flagged.put(s.id(), i));
            healthOf.put(s.id(), Health.of(s, look.coordinator(), item.isPresent()));
        }
        List<IndexerState> shown = all.values().stream()
                .filter(s -> states == null || states.contains(s.lifecycle()))
                .filter(s -> health == null || health.contains(healthOf.get(s.id())))
                .sorted(Comparator.comparing(IndexerState::id))
                .toList();
        if (json) {
            ObjectNode root = Json.object();
            root.put("schema", "watchkeeper.status/1");
            root.put("redis", ep.redisForDisplay());
            root.put("observed_at", observedAt.toString());
            root.put("coordinator", look.coordinator().name().toLowerCase(java.util.Locale.ROOT));
            root.put("total", all.size());
            ArrayNode list = root.putArray("indexers");
            shown.forEach(s -> {
                ObjectNode n = IndexerJson.of(s, look.coordinator());
                n.put("health", healthOf.get(s.id()).text());
                n.put("stream_health", look.stream(s.id()).name());
                n.put("executor_health", look.executor(s.id()).name());
                var item = flagged.get(s.id());
                if (item != null) {
                    ObjectNode a = n.putObject("attention");
                    a.put("kind", item.kind().name());
                    a.put("reason", item.reason());
                }
                list.add(n);
            });
            ArrayNode problems = root.putArray("source_problems");
            look.problems().forEach(problems::add);
            Json.print(out(), root);
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("INDEXER", "STATE", "ENABLED", "STREAM", "EXECUTOR", "HEALTH", "REGISTRY VERSION", "PROBLEM");
        for (IndexerState s : shown) {
            var item = flagged.get(s.id());
            String problem = item != null ? item.reason() : s.problem() == null ? "" : s.problem();
            t.add(s.id().fullName(), s.lifecycleText(look.coordinator()), IndexerJson.enabledText(s), text(look.stream(s.id())),
                    text(look.executor(s.id())), healthOf.get(s.id()).text(), s.blockStreamSyncedAt(), problem);
        }
        if (shown.isEmpty()) {
            out().println(all.isEmpty() ? "no indexers in Redis" : "no indexer matches");
        } else {
            t.print(out());
        }
        out().println(summary(healthOf.values(), all.size(), shown.size()) + " · " + ep.redisForDisplay() + " · as of " + observedAt);
        look.problems().forEach(p -> err().println("warning: " + p));
        out().flush();
        err().flush();
        return ExitCodes.OK;
    }

    static String text(Enum<?> health) {
        return health.name().equals("UNKNOWN") ? "unknown" : health.name().equals("UNSPECIFIED") ? "none" : health.name();
    }

    private static String summary(java.util.Collection<Health> all, int total, int shown) {
        Map<Health, Long> counts = new EnumMap<>(Health.class);
        counts.putAll(all.stream().collect(Collectors.groupingBy(h -> h, Collectors.counting())));
        String byHealth = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().text()).collect(Collectors.joining(", "));
        String totalText = total + (total == 1 ? " indexer" : " indexers");
        return (shown == total ? totalText : shown + " of " + totalText) + (byHealth.isEmpty() ? "" : " (" + byHealth + ")");
    }
}
