package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryQueries.IndexerEvent;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One indexer's recorded changes as the batches live data would have brought, each observed when it
 * was recorded: what a detail history consumes, so the detail of a rewound indexer is built exactly
 * as a live one is.
 */
final class StoredIndexerBatches {

    private StoredIndexerBatches() {
    }

    static List<Object> of(List<IndexerEvent> events) {
        List<Object> out = new ArrayList<>();
        for (IndexerEvent e : events) {
            IndexerRecord r = e.record();
            if (!r.present() || !r.inRedis()) {
                out.add(StateBatch.changes(List.of(), Set.of(r.id()), e.at()));
            } else {
                out.add(StateBatch.changes(List.of(r.state()), Set.of(), e.at()));
            }
            if (r.streamHealth() != null) {
                out.add(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(r.id(), "", 0, r.streamHealth(),
                        r.streamUpdatedAtSecs() == null ? 0 : r.streamUpdatedAtSecs())), List.of(), false, e.at()));
            }
            if (r.executorHealth() != null) {
                out.add(new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(r.id(), "", 0, r.executorHealth())), false, e.at()));
            }
            if (r.lastPublishedBlock() != null || r.queueDepth() != null || r.progressProblem() != null) {
                out.add(new ProgressBatch(List.of(new Progress(r.id(), r.lastPublishedBlock(), r.queueDepth(), r.progressProblem())), e.at()));
            }
        }
        return out;
    }
}
