package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.model.IndexerId;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Follows one indexer's {@code sys_logs} in PostgreSQL: the newest lines first, then every poll
 * the rows after the last one seen (cursor on the key {@code (date, id)}, so only today's
 * partitions are read), and {@code sys_metadata} every few polls. A lost server is retried with
 * backoff; a missing database or schema is reported once and not retried. Runs on its own daemon thread.
 */
public final class PgLogTail implements AutoCloseable, LogHistory {

    /** The most rows read in one poll; a busier indexer is caught up over several polls without waiting. */
    static final int PAGE = 1_000;
    static final int METADATA_EVERY_POLLS = 5;

    private final PgLogServer server;
    private final IndexerId id;
    private final int tail;
    private final Duration poll;
    private final Duration deadline;
    private final IndexerLogSource.Listener listener;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private final Thread thread;
    private volatile boolean closed;
    /** The open source, shared with lookups (its calls are serialised); null while reconnecting. */
    private volatile PgLogSource current;
    /** The oldest row delivered or loaded: older pages continue from it. */
    private PgLogCursor oldest;

    public PgLogTail(PgLogServer server, IndexerId id, int tail, Duration poll, Duration deadline,
                     IndexerLogSource.Listener listener, Clock clock) {
        this.server = server;
        this.id = id;
        this.tail = tail;
        this.poll = poll;
        this.deadline = deadline;
        this.listener = listener;
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name("pg-log-tail " + id.fullName()).unstarted(this::run);
    }

    public PgLogTail start() {
        thread.start();
        return this;
    }

    private void run() {
        PgLogSource src = null;
        PgLogCursor cursor = null;
        int polls = 0;
        listener.onStatus(new LogTailStatus(LogTailStatus.State.CONNECTING, "connecting to the logs database at " + server.address(), null));
        try {
            while (!closed) {
                try {
                    if (src == null) {
                        src = PgLogSource.open(server, id, deadline);
                        if (cursor == null) {
                            List<PgLogRow> first = src.newest(PgLogFilter.ALL, tail);
                            deliver(first);
                            cursor = first.isEmpty() ? new PgLogCursor(LocalDate.EPOCH, 0) : first.getLast().cursor();
                            synchronized (this) {
                                oldest = first.isEmpty() ? null : first.getFirst().cursor();
                            }
                        }
                        current = src;
                        listener.onHistory(this);
                        backoff.reset();
                        listener.onStatus(new LogTailStatus(LogTailStatus.State.STREAMING, "sys_logs of schema " + src.schema()
                                + " in database " + src.database() + " on " + server.address(), null));
                        polls = 0;
                    }
                    if (polls++ % METADATA_EVERY_POLLS == 0) {
                        listener.onMetadata(src.metadata());
                    }
                    List<PgLogRow> rows = src.after(cursor, PgLogFilter.ALL, PAGE);
                    if (!rows.isEmpty()) {
                        deliver(rows);
                        cursor = rows.getLast().cursor();
                    }
                    if (rows.size() < PAGE) {
                        Thread.sleep(poll.toMillis());
                    }
                } catch (LogSourceException e) {
                    if (closed) {
                        return;
                    }
                    if (!e.retryable()) {
                        listener.onStatus(new LogTailStatus(LogTailStatus.State.UNSUPPORTED, e.getMessage(), null));
                        return;
                    }
                    if (src != null) {
                        current = null;
                        src.close();
                        src = null;
                    }
                    Duration wait = backoff.next();
                    listener.onStatus(new LogTailStatus(LogTailStatus.State.RECONNECTING, e.getMessage(), clock.instant().plus(wait)));
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            current = null;
            if (src != null) {
                src.close();
            }
        }
    }

    @Override
    public List<LogEntry> older(int limit) {
        PgLogSource src = source();
        synchronized (this) {
            List<PgLogRow> rows = oldest == null ? src.newest(PgLogFilter.ALL, limit) : src.before(oldest, PgLogFilter.ALL, limit);
            if (!rows.isEmpty()) {
                oldest = rows.getFirst().cursor();
            }
            return rows.stream().map(PgLogRow::toEntry).toList();
        }
    }

    @Override
    public List<LogEntry> search(String words, int limit) {
        return source().newest(new PgLogFilter(null, null, words, null), limit).stream().map(PgLogRow::toEntry).toList();
    }

    @Override
    public List<LogEntry> fromBlock(long height, int limit) {
        return source().fromBlock(height, PgLogFilter.ALL, limit).stream().map(PgLogRow::toEntry).toList();
    }

    private PgLogSource source() {
        PgLogSource src = current;
        if (src == null) {
            throw new LogSourceException(LogSourceException.Problem.UNREACHABLE, "not connected to the logs database at " + server.address(), null);
        }
        return src;
    }

    private void deliver(List<PgLogRow> rows) {
        for (PgLogRow r : rows) {
            if (closed) {
                return;
            }
            listener.onLine(r.toEntry());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        listener.onStatus(new LogTailStatus(LogTailStatus.State.CLOSED, "closed", null));
    }
}
