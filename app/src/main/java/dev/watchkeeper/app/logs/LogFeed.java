package dev.watchkeeper.app.logs;

import dev.watchkeeper.app.ui.FxBatcher;
import dev.watchkeeper.connectors.logs.IndexerLogSource;
import dev.watchkeeper.connectors.logs.IndexerMetadata;
import dev.watchkeeper.connectors.logs.LogEntry;
import dev.watchkeeper.connectors.logs.LogHistory;
import dev.watchkeeper.connectors.logs.LogTail;
import dev.watchkeeper.connectors.logs.LogTailStatus;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

/**
 * Connects a log pane to the coordinator's Logs stream: lines and status changes cross to the FX
 * thread in coalesced batches (one update per pulse however fast lines arrive).
 */
public final class LogFeed implements AutoCloseable {

    /** Recent lines asked for when the pane opens. */
    public static final int TAIL = 500;

    private final AutoCloseable tail;

    private LogFeed(AutoCloseable tail) {
        this.tail = tail;
    }

    /** Starts following {@code id}'s logs (every level; the pane filters) into {@code pane}. */
    public static LogFeed follow(ManagedChannel coordinator, IndexerId id, LogPaneViewModel pane) {
        return follow((ix, tail, listener) -> new LogTail(coordinator, ix, LogEntry.Level.TRACE, tail, listener).start(), id, pane);
    }

    /**
     * Starts following {@code id}'s logs from {@code source} (the extension stream, or the runner's
     * sys_logs in PostgreSQL with its metadata) into {@code pane}.
     */
    public static LogFeed follow(IndexerLogSource source, IndexerId id, LogPaneViewModel pane) {
        FxBatcher<LogEntry> lines = new FxBatcher<>(pane::accept);
        FxBatcher<LogTailStatus> statuses = new FxBatcher<>(list -> pane.status(list.getLast()));
        FxBatcher<IndexerMetadata> metadata = new FxBatcher<>(list -> pane.metadata(list.getLast()));
        FxBatcher<LogHistory> history = new FxBatcher<>(list -> pane.history(list.getLast()));
        return new LogFeed(source.follow(id, TAIL, new IndexerLogSource.Listener() {
            @Override
            public void onLine(LogEntry line) {
                lines.offer(line);
            }

            @Override
            public void onStatus(LogTailStatus status) {
                statuses.offer(status);
            }

            @Override
            public void onMetadata(IndexerMetadata m) {
                metadata.offer(m);
            }

            @Override
            public void onHistory(LogHistory h) {
                history.offer(h);
            }
        }));
    }

    @Override
    public void close() {
        try {
            tail.close();
        } catch (Exception ignored) {
            // a source that fails to close has nothing more to deliver
        }
    }
}
