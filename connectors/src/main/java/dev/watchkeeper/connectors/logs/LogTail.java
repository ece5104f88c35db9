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
 * counts as a failed attempt. Lost or ended streams are reopened with backoff, asking for the tail
 * again and dropping lines already delivered. An upstream coordinator (UNIMPLEMENTED) is reported
 * once and never retried. Callbacks run on gRPC or the tail's own thread, never the FX thread.
 */
public final class LogTail implements AutoCloseable {

    public static final String UNSUPPORTED_MESSAGE = "the coordinator does not serve logs (upstream)";

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
            }
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
