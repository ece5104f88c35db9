package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.indexer.LogsRequest;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows one indexer's log lines from {@code IndexerOperations.Logs}. The stream has no deadline
 * (it is meant to stay open), but connecting does: a channel not READY within the connect timeout
 * counts as a failed attempt. An open stream that delivers no line for the idle time is reported
 * SILENT (a server that accepted the stream and then hangs looks exactly like this; so does a quiet
 * indexer, and the message says both), and STREAMING again with the next line. Lost or ended streams are reopened with backoff, asking for the tail
 * again and dropping lines already delivered. An upstream coordinator (UNIMPLEMENTED) is reported
 * once and never retried. Callbacks run on gRPC or the tail's own thread, never the FX thread.
 */
public final class LogTail implements AutoCloseable {

    public static final String UNSUPPORTED_MESSAGE = "the coordinator does not serve logs (upstream)";
    /** How long an open stream may deliver nothing before it is reported SILENT, unless {@link #IDLE_PROPERTY} says otherwise. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);
    /** System property: seconds an open stream may deliver nothing before it is reported SILENT (docs/reliability.md). */
    public static final String IDLE_PROPERTY = "watchkeeper.logs.idleSeconds";

    /** Receives lines and status changes. */
    public interface Listener {
        void onLine(LogEntry line);

        void onStatus(LogTailStatus status);
    }

    private final ManagedChannel channel;
    private final IndexerId id;
    private final LogEntry.Level minLevel;
    private final int tail;
    private final Duration connectTimeout;
    private final Duration idleAfter;
    private final Listener listener;
    private final Clock clock;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private ClientCallStreamObserver<LogsRequest> call;
    private ScheduledFuture<?> connectCheck;
    private boolean closed;
    /** Newest delivered timestamp and the messages delivered at it: reconnects skip what was seen. */
    private long lastMillis = Long.MIN_VALUE;
    private final Set<String> messagesAtLast = new HashSet<>();

    public LogTail(ManagedChannel channel, IndexerId id, LogEntry.Level minLevel, int tail, Duration connectTimeout,
                   Backoff backoff, Listener listener, Clock clock) {
        this(channel, id, minLevel, tail, connectTimeout, idleFromProperty(), backoff, listener, clock);
    }

    /** {@link #IDLE_PROPERTY} when set to a positive number of seconds (fractions allowed), else {@link #DEFAULT_IDLE}. */
    static Duration idleFromProperty() {
        return dev.watchkeeper.connectors.DurationProperty.seconds(IDLE_PROPERTY, DEFAULT_IDLE);
    }

    /** @param idleAfter how long an open stream may deliver no line before it is reported SILENT */
    public LogTail(ManagedChannel channel, IndexerId id, LogEntry.Level minLevel, int tail, Duration connectTimeout,
                   Duration idleAfter, Backoff backoff, Listener listener, Clock clock) {
        this.idleAfter = idleAfter;
        this.channel = channel;
        this.id = id;
        this.minLevel = minLevel == LogEntry.Level.UNKNOWN ? LogEntry.Level.TRACE : minLevel;
        this.tail = tail;
        this.connectTimeout = connectTimeout;
        this.backoff = backoff;
        this.listener = listener;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-tail " + id.fullName());
            t.setDaemon(true);
            return t;
        });
    }

    public LogTail(ManagedChannel channel, IndexerId id, LogEntry.Level minLevel, int tail, Listener listener) {
        this(channel, id, minLevel, tail, Duration.ofSeconds(5), new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)),
                listener, Clock.systemUTC());
    }

    /** Opens the stream; returns this as the cancel handle. */
    public LogTail start() {
        timer.execute(this::connect);
        return this;
    }

    private void connect() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        listener.onStatus(new LogTailStatus(LogTailStatus.State.CONNECTING, "connecting to " + channel.authority(), null));
        LogsRequest request = LogsRequest.newBuilder()
                .setAccountId(id.accountId())
                .setFunctionName(id.functionName())
                .setMinLevel(toProto(minLevel))
                .setTail(tail)
                .build();
        IndexerOperationsGrpc.newStub(channel).logs(request, new Observer());
    }

    private final class Observer implements ClientResponseObserver<LogsRequest, LogLine> {
        private ClientCallStreamObserver<LogsRequest> myCall;
        private boolean streaming;
        private boolean silent;
        /** nanoTime of the stream's opening or its last line. */
        private volatile long lastActivity = System.nanoTime();
        private ScheduledFuture<?> idleCheck;

        @Override
        public void beforeStart(ClientCallStreamObserver<LogsRequest> requestStream) {
            myCall = requestStream;
            synchronized (lock) {
                if (closed) {
                    requestStream.cancel("closed", null);
                    return;
                }
                call = requestStream;
                connectCheck = timer.schedule(this::checkConnected, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
                long every = Math.max(10, idleAfter.toMillis() / 4);
                idleCheck = timer.scheduleWithFixedDelay(this::checkIdle, every, every, TimeUnit.MILLISECONDS);
            }
        }

        /** An open stream that delivered nothing for the idle time is reported once, until a line arrives. */
        private void checkIdle() {
            long idle = System.nanoTime() - lastActivity;
            synchronized (lock) {
                if (closed || call != myCall || silent || idle < idleAfter.toNanos()) {
                    return;
                }
                silent = true;
            }
            listener.onStatus(new LogTailStatus(LogTailStatus.State.SILENT, "no log line for " + seconds(idle)
                    + " from " + channel.authority() + ": the stream is open but nothing arrives (a quiet indexer, or a hung coordinator)", null));
        }

        /** A stream may stay silent for long; what the timeout checks is that the channel got connected. */
        private void checkConnected() {
            if (channel.getState(false) == ConnectivityState.READY) {
                markStreaming();
            } else {
                myCall.cancel("could not connect to " + channel.authority() + " within " + connectTimeout.toSeconds() + " s", null);
            }
        }

        private void markStreaming() {
            boolean first;
            synchronized (lock) {
                first = !streaming && !closed;
                streaming = true;
            }
            if (first) {
                backoff.reset();
                listener.onStatus(new LogTailStatus(LogTailStatus.State.STREAMING, "following logs of " + id.fullName(), null));
            }
        }

        @Override
        public void onNext(LogLine line) {
            lastActivity = System.nanoTime();
            boolean wasSilent;
            synchronized (lock) {
                wasSilent = silent && !closed;
                silent = false;
            }
            if (wasSilent) {
                listener.onStatus(new LogTailStatus(LogTailStatus.State.STREAMING, "following logs of " + id.fullName() + " (lines again)", null));
            }
            markStreaming();
            LogEntry entry = toEntry(line);
            if (isNew(entry)) {
                listener.onLine(entry);
            }
        }

        @Override
        public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            cancelConnectCheck();
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                }
                listener.onStatus(new LogTailStatus(LogTailStatus.State.UNSUPPORTED, UNSUPPORTED_MESSAGE, null));
                return;
            }
            String why = status.getDescription() != null ? status.getDescription() : status.getCode().name();
            if (status.getCode() == Status.Code.CANCELLED && status.getCause() != null) {
                why = status.getCause().getMessage();
            }
            retry(status.getCode() + ": " + why);
        }

        @Override
        public void onCompleted() {
            cancelConnectCheck();
            retry("the coordinator ended the log stream");
        }

        private void cancelConnectCheck() {
            synchronized (lock) {
                if (connectCheck != null && call == myCall) {
                    connectCheck.cancel(false);
                }
                if (idleCheck != null) {
                    idleCheck.cancel(false);
                }
            }
        }
    }

    private void retry(String reason) {
        Duration delay;
        synchronized (lock) {
            if (closed) {
                return;
            }
            delay = backoff.next();
        }
        Instant at = clock.instant().plus(delay);
        listener.onStatus(new LogTailStatus(LogTailStatus.State.RECONNECTING, reason, at));
        timer.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String seconds(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : ms / 1000 + " s";
    }

    private boolean isNew(LogEntry e) {
        long ms = e.timestamp().toEpochMilli();
        synchronized (lock) {
            if (ms < lastMillis) {
                return false;
            }
            if (ms > lastMillis) {
                lastMillis = ms;
                messagesAtLast.clear();
            }
            return messagesAtLast.add(e.level() + " " + e.message());
        }
    }

    @Override
    public void close() {
        ClientCallStreamObserver<LogsRequest> c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = call;
        }
        if (c != null) {
            c.cancel("log pane closed", null);
        }
        timer.shutdownNow();
        listener.onStatus(new LogTailStatus(LogTailStatus.State.CLOSED, "closed", null));
    }

    static LogEntry toEntry(LogLine line) {
        return new LogEntry(Instant.ofEpochMilli(line.getTimestampUnixMs()), fromProto(line.getLevelValue()),
                line.getMessage(), line.getBlockHeight());
    }

    static LogEntry.Level fromProto(int n) {
        return switch (n) {
            case 1 -> LogEntry.Level.TRACE;
            case 2 -> LogEntry.Level.DEBUG;
            case 3 -> LogEntry.Level.INFO;
            case 4 -> LogEntry.Level.WARN;
            case 5 -> LogEntry.Level.ERROR;
            default -> LogEntry.Level.UNKNOWN;
        };
    }

    static LogLevel toProto(LogEntry.Level level) {
        return switch (level) {
            case TRACE, UNKNOWN -> LogLevel.TRACE;
            case DEBUG -> LogLevel.DEBUG;
            case INFO -> LogLevel.INFO;
            case WARN -> LogLevel.WARN;
            case ERROR -> LogLevel.ERROR;
        };
    }
}
