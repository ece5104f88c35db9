package dev.watchkeeper.cli;

import dev.watchkeeper.history.FleetAt;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StreamStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status --at T}: the fleet as the history store says it was at T, as a {@link FleetLook}, so
 * it prints exactly as a live look does. What the store cannot vouch for (a gap, a source that was
 * not connected then, nothing recorded after T) is named in the look's problems.
 */
final class HistoricLook {

    private HistoricLook() {
    }

    static FleetLook at(StoreLocation location, Instant at) {
        try (HistoryStore store = HistoryStores.open(location, false)) {
            HistoryQueries q = new HistoryQueries(store);
            FleetAt f = q.fleetAt(at);
            if (f.beforeHistory()) {
                throw CliFailure.failed(f.historyStart() == null ? "the history store " + location.display() + " holds nothing yet"
                        : "the history in " + location.display() + " starts at " + f.historyStart() + ", after " + at);
            }
            Map<IndexerId, IndexerState> states = new HashMap<>();
            Map<IndexerId, StreamStatus> streams = new HashMap<>();
            Map<IndexerId, ExecutorStatus> executors = new HashMap<>();
            for (IndexerRecord r : f.indexers().values()) {
                if (r.inRedis()) {
                    states.put(r.id(), r.state());
                }
                if (r.streamHealth() != null) {
                    long updated = r.streamUpdatedAtSecs() == null ? 0 : r.streamUpdatedAtSecs();
                    streams.put(r.id(), new StreamStatus(r.id(), "", 0, r.streamHealth(), updated));
                }
                if (r.executorHealth() != null) {
                    executors.put(r.id(), new ExecutorStatus(r.id(), "", 0, r.executorHealth()));
                }
            }
            List<String> problems = new ArrayList<>();
            if (f.gap() != null) {
                problems.add("history has a gap from " + Instant.ofEpochMilli(f.gap().fromMs()) + " to " + Instant.ofEpochMilli(f.gap().toMs())
                        + " (" + f.gap().reason() + "): changes in it may be missing");
            }
            Instant last = q.lastRecorded();
            if (last != null && at.isAfter(last)) {
                problems.add("nothing was recorded after " + last + ": this is the fleet as last recorded");
            }
            for (Source s : List.of(Source.REDIS, Source.BLOCK_STREAMER, Source.RUNNER)) {
                SourceStatus st = f.sources().get(s);
                if (st != null && st.state() != ConnectionState.CONNECTED && st.state() != ConnectionState.NOT_CONFIGURED) {
                    problems.add(s.label() + " was " + st.state().name().toLowerCase(java.util.Locale.ROOT) + " then"
                            + (st.message() == null ? "" : " (" + st.message() + ")") + ": its data is as last read before");
                }
            }
            return new FleetLook(states, at, streams, executors, connected(f, Source.BLOCK_STREAMER), connected(f, Source.RUNNER),
                    CoordinatorKind.UNKNOWN, List.copyOf(problems));
        }
    }

    private static boolean connected(FleetAt f, Source s) {
        SourceStatus st = f.sources().get(s);
        return st != null && st.state() == ConnectionState.CONNECTED;
    }
}
