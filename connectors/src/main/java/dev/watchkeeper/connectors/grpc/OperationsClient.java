package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.connectors.proto.indexer.DeleteRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerEvent;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.indexer.LogsRequest;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import dev.watchkeeper.connectors.proto.indexer.WatchRequest;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watchkeeper's operator extension of the coordinator, {@code indexer.IndexerOperations}
 * (docs/operator-api.md). An upstream coordinator answers UNIMPLEMENTED to all of it; such failures
 * come back as {@link CallFailure.Kind#UNIMPLEMENTED} saying so.
 *
 * <p>Repair, Delete and Restart are sent exactly once (never retried: a command's effect must not be
 * repeated behind the operator's back); Get and List are retried on UNAVAILABLE within the deadline. Server streams (Watch, Logs) carry a long deadline and are
 * renewed transparently when it passes, so no call is ever without one.
 */
public final class OperationsClient implements AutoCloseable {

    static final String UPSTREAM_ONLY = "the coordinator is upstream-only: it lacks Watchkeeper's operator extension indexer.IndexerOperations";
    /** The page size asked for by {@link #listAll()}. */
    public static final int DEFAULT_PAGE_SIZE = 500;
    private static final int MAX_PAGES = 100_000;

    /** The coordinator's answer to a command. */
    public record Outcome(boolean accepted, String message, LifecycleState lifecycle, String rawLifecycle) {
        static Outcome from(OperationResponse r) {
            return new Outcome(r.getAccepted(), r.getMessage(), LifecycleState.fromWire(r.getLifecycleState()), r.getLifecycleState());
        }
    }

    /** One page of the listing; {@code nextPageToken} is null on the last page. */
    public record Page(List<IndexerSnapshot> indexers, String nextPageToken) {
        public Page {
            indexers = List.copyOf(indexers);
        }
    }

    private final ManagedChannel channel;
    private final UnaryCalls.Target target;
    private final String endpoint;
    private final boolean ownsChannel;
    private final RetryPolicy readRetry;
    private final Duration streamRenewal;
    private final Clock clock;

    /**
     * @param tracker       confirmed on every successful call (null for none)
     * @param readRetry     for Get and List; Repair, Delete and Restart always use {@link RetryPolicy#NEVER}
     * @param streamRenewal deadline of each Watch/Logs stream call; renewed seamlessly when it passes
     */
    public OperationsClient(ManagedChannel channel, String endpoint, Duration deadline, boolean ownsChannel,
                            SourceTracker tracker, RetryPolicy readRetry, Duration streamRenewal, Clock clock) {
        this.channel = channel;
        this.endpoint = "coordinator " + endpoint;
        this.target = new UnaryCalls.Target(this.endpoint, deadline, UPSTREAM_ONLY, tracker);
        this.ownsChannel = ownsChannel;
        this.readRetry = readRetry;
        this.streamRenewal = streamRenewal;
        this.clock = clock;
    }

    /** A client on a channel owned elsewhere, default retries and a 10 minute stream renewal. */
    public OperationsClient(ManagedChannel channel, String endpoint, Duration deadline) {
        this(channel, endpoint, deadline, false, null, RetryPolicy.IDEMPOTENT, Duration.ofMinutes(10), Clock.systemUTC());
    }

    /** A client with its own channel to {@code endpoint}. */
    public static OperationsClient open(Endpoint endpoint) {
        return new OperationsClient(Channels.build(endpoint).channel(), endpoint.target(), endpoint.deadline(), true, null,
                RetryPolicy.IDEMPOTENT, Duration.ofMinutes(10), Clock.systemUTC());
    }

    private IndexerOperationsGrpc.IndexerOperationsFutureStub stub(Duration remaining) {
        return IndexerOperationsGrpc.newFutureStub(channel).withDeadlineAfter(remaining.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Repairing → Initializing. Sent once, never retried. */
    public CompletableFuture<Outcome> repair(IndexerId id) {
        return UnaryCalls.call(target, "Repair", RetryPolicy.NEVER, d -> stub(d).repair(request(id)), Outcome::from);
    }

    /** Any state → Deleting → Deleted. Destructive: sent once, never retried. */
    public CompletableFuture<Outcome> delete(IndexerId id, String reason) {
        DeleteRequest r = DeleteRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName())
                .setReason(reason == null ? "" : reason).build();
        return UnaryCalls.call(target, "Delete", RetryPolicy.NEVER, d -> stub(d).delete(r), Outcome::from);
    }

    /** Stops and starts the stream and executor of a Running indexer. Sent once, never retried. */
    public CompletableFuture<Outcome> restart(IndexerId id) {
        return UnaryCalls.call(target, "Restart", RetryPolicy.NEVER, d -> stub(d).restart(request(id)), Outcome::from);
    }

    /** The indexer's full state; empty when the coordinator does not know it (NOT_FOUND). */
    public CompletableFuture<Optional<IndexerSnapshot>> get(IndexerId id) {
        return UnaryCalls.call(target, "Get", readRetry, d -> stub(d).get(request(id)), IndexerSnapshot::from)
                .thenApply(Optional::of)
                .exceptionallyCompose(e -> e.getCause() instanceof CallFailure f && f.code() == Status.Code.NOT_FOUND
                        ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(e.getCause() != null ? e.getCause() : e));
    }

    /** One page; {@code pageToken} null or empty for the first. {@code pageSize} 0 = the server's default. */
    public CompletableFuture<Page> listPage(int pageSize, String pageToken) {
        ListPageRequest r = ListPageRequest.newBuilder().setPageSize(Math.max(0, pageSize))
                .setPageToken(pageToken == null ? "" : pageToken).build();
        return UnaryCalls.call(target, "List", readRetry, d -> stub(d).list(r), p -> new Page(
                p.getIndexersList().stream().map(IndexerSnapshot::from).toList(),
                p.getNextPageToken().isEmpty() ? null : p.getNextPageToken()));
    }

    /** Every indexer, page by page (each page its own call with its own deadline). */
    public CompletableFuture<List<IndexerSnapshot>> listAll() {
        return listAll(DEFAULT_PAGE_SIZE);
    }

    public CompletableFuture<List<IndexerSnapshot>> listAll(int pageSize) {
        List<IndexerSnapshot> all = new ArrayList<>();
        return nextPage(pageSize, null, all, new HashSet<>());
    }

    private CompletableFuture<List<IndexerSnapshot>> nextPage(int pageSize, String token, List<IndexerSnapshot> all, Set<String> seen) {
        return listPage(pageSize, token).thenCompose(page -> {
            all.addAll(page.indexers());
            String next = page.nextPageToken();
            if (next == null) {
                return CompletableFuture.completedFuture(List.copyOf(all));
            }
            // a server that hands out a token twice would have us loop forever
            if (!seen.add(next) || seen.size() > MAX_PAGES) {
                return CompletableFuture.failedFuture(new CallFailure(CallFailure.Kind.REJECTED, Status.Code.INTERNAL,
                        endpoint + " returned page token " + abbreviate(next) + " twice; the listing stops here", null));
            }
            return nextPage(pageSize, next, all, seen);
        });
    }

    /**
     * Follows every change after {@code afterSequence} (0: a full snapshot first). After a broken
     * stream it reconnects with exponential backoff and jitter, resuming after the last sequence
     * seen; when the server no longer has those events it reports {@link WatchListener#onResyncRequired()}
     * and starts over from a full snapshot.
     */
    public Subscription watch(long afterSequence, WatchListener listener) {
        WatchStream w = new WatchStream(afterSequence, listener);
        w.start();
        return w;
    }

    /** The last {@code tail} lines at or above {@code minLevel}, then live ones, until cancelled. */
    public Subscription logs(IndexerId id, LogListener.Level minLevel, int tail, LogListener listener) {
        LogStream s = new LogStream(id, minLevel, tail, listener);
        s.start();
        return s;
    }

    static IndexerRequest request(IndexerId id) {
        return IndexerRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private IndexerOperationsGrpc.IndexerOperationsStub streamStub() {
        return IndexerOperationsGrpc.newStub(channel).withDeadlineAfter(streamRenewal.toNanos(), TimeUnit.NANOSECONDS);
    }

    private final class WatchStream implements Subscription {
        private final WatchListener listener;
        private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        private volatile boolean cancelled;
        private volatile long lastSequence;
        private ClientCallStreamObserver<WatchRequest> call;

        WatchStream(long afterSequence, WatchListener listener) {
            this.lastSequence = afterSequence;
            this.listener = listener;
        }

        synchronized void start() {
            if (cancelled) {
                return;
            }
            long after = lastSequence;
            streamStub().watch(WatchRequest.newBuilder().setAfterSequence(after).build(), new ClientResponseObserver<WatchRequest, IndexerEvent>() {
                private boolean first = true;
                private boolean resynced;

                @Override
                public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
                    call = requestStream;
                }

                @Override
                public void onNext(IndexerEvent e) {
                    if (cancelled) {
                        return;
                    }
                    if (first) {
                        first = false;
                        backoff.reset();
                        target.trackerConfirm();
                        listener.onConnected(after);
                    }
                    if (e.getResyncRequired()) {
                        // at any point of a stream: the server then sends a full snapshot in the same
                        // stream, or ends it, and then the next Watch asks for a snapshot (after 0)
                        lastSequence = 0;
                        resynced = true;
                        listener.onResyncRequired();
                        return;
                    }
                    lastSequence = Math.max(lastSequence, e.getSequence());
                    listener.onEvent(new WatchListener.Event(e.getSequence(), IndexerSnapshot.from(e.getIndexer()), e.getRemoved(),
                            Instant.ofEpochMilli(IndexerSnapshot.clampMillis(e.getTimestampUnixMs()))));
                }

                @Override
                public void onError(Throwable t) {
                    if (cancelled) {
                        return;
                    }
                    CallFailure f = CallFailure.from(t, "Watch", endpoint, streamRenewal, UPSTREAM_ONLY);
                    if (f.code() == Status.Code.DEADLINE_EXCEEDED) {
                        start(); // the renewal deadline passed: resume at once
                    } else if (f.kind() == CallFailure.Kind.UNIMPLEMENTED) {
                        listener.onStopped(f);
                    } else {
                        retryLater(f);
                    }
                }

                @Override
                public void onCompleted() {
                    if (cancelled) {
                        return;
                    }
                    if (resynced && lastSequence == 0) {
                        start(); // the server ended the stream after asking for a resync: ask for the snapshot now
                    } else {
                        retryLater(new CallFailure(CallFailure.Kind.UNREACHABLE, Status.Code.UNAVAILABLE,
                                endpoint + " ended the Watch stream; resuming", null));
                    }
                }
            });
        }

        private void retryLater(CallFailure f) {
            Duration delay = backoff.next();
            listener.onReconnecting(f, clock.instant().plus(delay));
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(this::start);
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            if (call != null) {
                call.cancel("cancelled by the console", null);
            }
        }
    }

    private final class LogStream implements Subscription {
        private final IndexerId id;
        private final LogListener.Level minLevel;
        private final LogListener listener;
        private volatile boolean cancelled;
        private int tail;
        private ClientCallStreamObserver<LogsRequest> call;

        LogStream(IndexerId id, LogListener.Level minLevel, int tail, LogListener listener) {
            this.id = id;
            this.minLevel = minLevel;
            this.tail = Math.max(0, tail);
            this.listener = listener;
        }

        synchronized void start() {
            if (cancelled) {
                return;
            }
            LogsRequest r = LogsRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName())
                    .setMinLevelValue(minLevel.protoNumber()).setTail(tail).build();
            tail = 0; // a renewed stream continues with live lines only
            streamStub().logs(r, new ClientResponseObserver<LogsRequest, LogLine>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<LogsRequest> requestStream) {
                    call = requestStream;
                }

                @Override
                public void onNext(LogLine l) {
                    if (!cancelled) {
                        listener.onLine(new LogListener.Line(Instant.ofEpochMilli(IndexerSnapshot.clampMillis(l.getTimestampUnixMs())),
                                LogListener.Level.fromProtoNumber(l.getLevelValue()), l.getMessage(), l.getBlockHeight()));
                    }
                }

                @Override
                public void onError(Throwable t) {
                    if (cancelled) {
                        return;
                    }
                    CallFailure f = CallFailure.from(t, "Logs", endpoint, streamRenewal, UPSTREAM_ONLY);
                    if (f.code() == Status.Code.DEADLINE_EXCEEDED) {
                        start();
                    } else {
                        listener.onEnded(f);
                    }
                }

                @Override
                public void onCompleted() {
                    if (!cancelled) {
                        listener.onEnded(null);
                    }
                }
            });
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            if (call != null) {
                call.cancel("cancelled by the console", null);
            }
        }
    }

    @Override
    public void close() {
        if (ownsChannel) {
            Channels.close(channel);
        }
    }
}
