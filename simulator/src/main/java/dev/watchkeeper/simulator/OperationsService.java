package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.DeleteRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.connectors.proto.indexer.IndexerEvent;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageResponse;
import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.indexer.LogsRequest;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import dev.watchkeeper.connectors.proto.indexer.WatchRequest;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Watchkeeper's operator extension of the coordinator ({@code indexer.IndexerOperations}).
 * Watch and Logs run one virtual thread per open stream that follows the event history or the
 * indexer's log ring and honours the client's flow control.
 */
final class OperationsService extends IndexerOperationsGrpc.IndexerOperationsImplBase {

    static final int DEFAULT_PAGE_SIZE = 500;
    static final int MAX_PAGE_SIZE = 5_000;
    private static final long LOG_POLL_MS = 100;

    private final Simulation simulation;

    OperationsService(Simulation simulation) {
        this.simulation = simulation;
    }

    @Override
    public void repair(IndexerRequest request, StreamObserver<OperationResponse> out) {
        IndexerId id = Requests.indexer(request.getAccountId(), request.getFunctionName(), out);
        if (id != null) {
            answer(simulation.repair(id), out);
        }
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<OperationResponse> out) {
        IndexerId id = Requests.indexer(request.getAccountId(), request.getFunctionName(), out);
        if (id != null) {
            answer(simulation.delete(id, request.getReason()), out);
        }
    }

    @Override
    public void restart(IndexerRequest request, StreamObserver<OperationResponse> out) {
        IndexerId id = Requests.indexer(request.getAccountId(), request.getFunctionName(), out);
        if (id != null) {
            answer(simulation.restart(id), out);
        }
    }

    private static void answer(Simulation.OpResult r, StreamObserver<OperationResponse> out) {
        if (r == null) {
            Requests.notFound(out);
            return;
        }
        out.onNext(OperationResponse.newBuilder().setAccepted(r.accepted()).setMessage(r.message())
                .setLifecycleState(r.lifecycleState()).build());
        out.onCompleted();
    }

    @Override
    public void get(IndexerRequest request, StreamObserver<IndexerDetail> out) {
        IndexerId id = Requests.indexer(request.getAccountId(), request.getFunctionName(), out);
        if (id != null) {
            IndexerDetail d = simulation.read(id, Details::detail);
            if (d == null) {
                Requests.notFound(out);
            } else {
                out.onNext(d);
                out.onCompleted();
            }
        }
    }

    @Override
    public void list(ListPageRequest request, StreamObserver<ListPageResponse> out) {
        int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
        IndexerId after;
        try {
            after = decodeToken(request.getPageToken());
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("Invalid page token").asRuntimeException());
            return;
        }
        List<IndexerDetail> page = simulation.page(after, size + 1);
        ListPageResponse.Builder b = ListPageResponse.newBuilder().addAllIndexers(page.subList(0, Math.min(size, page.size())));
        if (page.size() > size) {
            IndexerDetail last = page.get(size - 1);
            b.setNextPageToken(encodeToken(new IndexerId(last.getAccountId(), last.getFunctionName())));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    static String encodeToken(IndexerId after) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + after.fullName()).getBytes(StandardCharsets.UTF_8));
    }

    static IndexerId decodeToken(String token) {
        if (token.isEmpty()) {
            return null;
        }
        String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        if (!s.startsWith("after:")) {
            throw new IllegalArgumentException("not a page token");
        }
        return IndexerId.parse(s.substring("after:".length()));
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<IndexerEvent> out) {
        ServerCallStreamObserver<IndexerEvent> call = (ServerCallStreamObserver<IndexerEvent>) out;
        Thread.ofVirtual().name("wk-sim-watch").start(() -> follow(request.getAfterSequence(), call));
    }

    private void follow(long after, ServerCallStreamObserver<IndexerEvent> call) {
        EventHistory history = simulation.history();
        try {
            long cursor = after;
            if (cursor == 0 || !history.covers(cursor)) {
                cursor = sendSnapshot(cursor != 0, call);
            }
            while (!call.isCancelled() && simulation.coordinatorAlive()) {
                List<IndexerEvent> events = history.after(cursor, 2_000);
                if (events == null) {
                    cursor = sendSnapshot(true, call);
                } else if (events.isEmpty()) {
                    history.awaitAfter(cursor, 500);
                } else {
                    for (IndexerEvent e : events) {
                        awaitReady(call);
                        call.onNext(e);
                        cursor = e.getSequence();
                    }
                }
            }
            if (!call.isCancelled()) {
                call.onError(Status.UNAVAILABLE.withDescription("coordinator is down").asRuntimeException());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!call.isCancelled()) {
                Requests.internal(call, e);
            }
        }
    }

    /** Sends every indexer as an event numbered with the last sequence it reflects; returns that sequence. */
    private long sendSnapshot(boolean resync, ServerCallStreamObserver<IndexerEvent> call) throws InterruptedException {
        Simulation.Snapshot s = simulation.snapshot();
        long now = System.currentTimeMillis();
        if (resync) {
            call.onNext(IndexerEvent.newBuilder().setSequence(s.sequence()).setResyncRequired(true).setTimestampUnixMs(now).build());
        }
        for (IndexerDetail d : s.indexers()) {
            awaitReady(call);
            call.onNext(IndexerEvent.newBuilder().setSequence(s.sequence()).setIndexer(d).setTimestampUnixMs(now).build());
        }
        return s.sequence();
    }

    private static void awaitReady(ServerCallStreamObserver<?> call) throws InterruptedException {
        while (!call.isReady() && !call.isCancelled()) {
            Thread.sleep(5);
        }
    }

    @Override
    public void logs(LogsRequest request, StreamObserver<LogLine> out) {
        IndexerId id = Requests.indexer(request.getAccountId(), request.getFunctionName(), out);
        if (id == null) {
            return;
        }
        LogRing ring = simulation.logs(id);
        if (ring == null) {
            Requests.notFound(out);
            return;
        }
        LogLevel min = request.getMinLevel() == LogLevel.LOG_LEVEL_UNSPECIFIED || request.getMinLevel() == LogLevel.UNRECOGNIZED
                ? LogLevel.TRACE : request.getMinLevel();
        ServerCallStreamObserver<LogLine> call = (ServerCallStreamObserver<LogLine>) out;
        Thread.ofVirtual().name("wk-sim-logs").start(() -> {
            try {
                LogRing.Batch batch = ring.read(0, min);
                List<LogLine> lines = batch.lines();
                send(lines.subList(Math.max(0, lines.size() - request.getTail()), lines.size()), call);
                long cursor = batch.next();
                while (!call.isCancelled() && simulation.coordinatorAlive()) {
                    Thread.sleep(LOG_POLL_MS);
                    batch = ring.read(cursor, min);
                    send(batch.lines(), call);
                    cursor = batch.next();
                }
                if (!call.isCancelled()) {
                    call.onError(Status.UNAVAILABLE.withDescription("coordinator is down").asRuntimeException());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!call.isCancelled()) {
                    Requests.internal(call, e);
                }
            }
        });
    }

    private static void send(List<LogLine> lines, ServerCallStreamObserver<LogLine> call) throws InterruptedException {
        for (LogLine l : lines) {
            awaitReady(call);
            call.onNext(l);
        }
    }
}
