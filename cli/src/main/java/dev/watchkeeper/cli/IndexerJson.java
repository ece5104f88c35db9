package dev.watchkeeper.cli;

import dev.watchkeeper.model.CoordinatorKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.model.IndexerState;

/** One indexer as the CLI's JSON shows it (schema in docs/cli.md). */
final class IndexerJson {

    private IndexerJson() {
    }

    static ObjectNode of(IndexerState s) {
        return of(s, CoordinatorKind.EXTENSION);
    }

    /** With the lifecycle as that coordinator means it ("Deleted" for upstream's final Deleting). */
    static ObjectNode of(IndexerState s, CoordinatorKind coordinator) {
        ObjectNode n = Json.object();
        n.put("account_id", s.id().accountId());
        n.put("function_name", s.id().functionName());
        n.put("lifecycle_state", s.isFinal(coordinator) ? "Deleted" : s.lifecycle().label());
        n.put("readability", s.readability().name());
        n.put("raw_lifecycle_state", s.rawLifecycle());
        if (s.enabled() == null) {
            n.putNull("enabled");
        } else {
            n.put("enabled", s.enabled());
        }
        if (s.blockStreamSyncedAt() == null) {
            n.putNull("block_stream_synced_at");
        } else {
            n.put("block_stream_synced_at", s.blockStreamSyncedAt());
        }
        n.put("health", Health.of(s).text());
        n.put("problem", s.problem());
        return n;
    }

    static String enabledText(IndexerState s) {
        return s.enabled() == null ? "?" : s.enabled() ? "yes" : "no";
    }
}
