package dev.watchkeeper.app.logs;

import dev.watchkeeper.app.ui.FxBatcher;
import dev.watchkeeper.connectors.logs.LogEntry;
import dev.watchkeeper.connectors.logs.LogTail;
import dev.watchkeeper.connectors.logs.LogTailStatus;
import dev.watchkeeper.model.IndexerId;

/**
 * Connects a log pane to the coordinator's Logs stream: lines and status changes cross to the FX
 * thread in coalesced batches (one update per pulse however fast lines arrive).
 */
public final class LogFeed implements AutoCloseable {

    /** Recent lines asked for when the pane opens. */
    public static final int TAIL = 500;

    /** Opens a log stream; {@code ControlPlaneConnection::logs} in the console. */
    @FunctionalInterface
    public interface Source {
        LogTail open(IndexerId id, LogEntry.Level minLevel, int tail, LogTail.Listener listener);
    }

    private final LogTail tail;

    private LogFeed(LogTail tail) {
        this.tail = tail;
    }

    /** Starts following {@code id}'s logs (every level; the pane filters) into {@code pane}. */
    public static LogFeed follow(Source source, IndexerId id, LogPaneViewModel pane) {
        FxBatcher<LogEntry> lines = new FxBatcher<>(pane::accept);
        FxBatcher<LogTailStatus> statuses = new FxBatcher<>(list -> pane.status(list.getLast()));
        return new LogFeed(source.open(id, LogEntry.Level.TRACE, TAIL, new LogTail.Listener() {
            @Override
            public void onLine(LogEntry line) {
                lines.offer(line);
            }

            @Override
            public void onStatus(LogTailStatus status) {
                statuses.offer(status);
            }
        }));
    }

    @Override
    public void close() {
        tail.close();
    }
}
