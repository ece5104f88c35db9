package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.time.Clock;
import java.time.Duration;

/**
 * The log source of a connection: the coordinator's Logs stream when it has the operator
 * extension; when it answers UNIMPLEMENTED (an upstream coordinator) the runner's {@code sys_logs}
 * in PostgreSQL if the profile names the database; otherwise a status that names the setting
 * that would enable logs.
 */
public final class LogSources implements IndexerLogSource {

    /** What the pane says when neither source can serve logs. */
    public static final String NO_SOURCE_MESSAGE = LogTail.UNSUPPORTED_MESSAGE
            + "; set the profile's logs database (observability.logsDatabaseUrl) to read the runner's sys_logs from PostgreSQL";

    private final ManagedChannel coordinator;
    private final PgLogServer logsDatabase;
    private final Duration poll;
    private final Duration deadline;
    private final Clock clock;
    private final String noSourceMessage;

    /**
     * @param coordinator  null when there is none to ask
     * @param logsDatabase null when the profile names none
     */
    public LogSources(ManagedChannel coordinator, PgLogServer logsDatabase, Duration poll, Duration deadline, Clock clock) {
        this.coordinator = coordinator;
        this.logsDatabase = logsDatabase;
        this.poll = poll;
        this.deadline = deadline;
        this.clock = clock;
        this.noSourceMessage = NO_SOURCE_MESSAGE;
    }

    private LogSources(ManagedChannel coordinator, String noSourceMessage, Duration deadline) {
        this.coordinator = coordinator;
        this.logsDatabase = null;
        this.poll = Duration.ofSeconds(1);
        this.deadline = deadline;
        this.clock = Clock.systemUTC();
        this.noSourceMessage = noSourceMessage;
    }

    /** From resolved profile settings; a logs database URL that cannot be read is what the pane then says. */
    public static LogSources of(ManagedChannel coordinator, ObservabilitySettings o, Duration deadline) {
        if (o.logsDatabaseUrl() == null) {
            return new LogSources(coordinator, null, Duration.ofSeconds(1), deadline, Clock.systemUTC());
        }
        try {
            PgLogServer pg = PgLogServer.parse(o.logsDatabaseUrl(), o.logsDatabaseUser(), o.logsDatabasePassword());
            return new LogSources(coordinator, pg, Duration.ofSeconds(1), deadline, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            return new LogSources(coordinator, LogTail.UNSUPPORTED_MESSAGE + "; the profile's " + e.getMessage(), deadline);
        }
    }

    public boolean hasLogsDatabase() {
        return logsDatabase != null;
    }

    @Override
    public AutoCloseable follow(IndexerId id, int tail, Listener listener) {
        Choice c = new Choice(id, tail, listener);
        c.start();
        return c;
    }

    /** One pane's follow: starts on the extension stream and moves to PostgreSQL if the coordinator has none. */
    private final class Choice implements AutoCloseable {
        private final IndexerId id;
        private final int tail;
        private final Listener listener;
        private AutoCloseable current;
        private boolean closed;
        /** False once the extension stream is given up: its closing status is not the pane's business. */
        private volatile boolean onExtension = true;

        Choice(IndexerId id, int tail, Listener listener) {
            this.id = id;
            this.tail = tail;
            this.listener = listener;
        }

        synchronized void start() {
            if (coordinator == null) {
                fallBack();
                return;
            }
            current = new LogTail(coordinator, id, LogEntry.Level.TRACE, tail, new LogTail.Listener() {
                @Override
                public void onLine(LogEntry line) {
                    listener.onLine(line);
                }

                @Override
                public void onStatus(LogTailStatus status) {
                    if (status.state() == LogTailStatus.State.UNSUPPORTED) {
                        onExtension = false;
                        Thread.ofVirtual().start(Choice.this::fallBackFromExtension);
                    } else if (onExtension) {
                        listener.onStatus(status);
                    }
                }
            }).start();
        }

        private synchronized void fallBackFromExtension() {
            if (closed) {
                return;
            }
            if (current != null) {
                closeQuietly(current);
            }
            fallBack();
        }

        private void fallBack() {
            if (logsDatabase == null) {
                current = null;
                listener.onStatus(new LogTailStatus(LogTailStatus.State.UNSUPPORTED, noSourceMessage, null));
                return;
            }
            current = new PgLogTail(logsDatabase, id, tail, poll, deadline, listener, clock).start();
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (current != null) {
                closeQuietly(current);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // a source that fails to close has nothing more to deliver
        }
    }
}
