package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.indexer.DeleteRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.connectors.proto.indexer.IndexerEvent;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageResponse;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.indexer.LogsRequest;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import dev.watchkeeper.connectors.proto.indexer.WatchRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, real implementation of indexer.IndexerOperations for tests: an in-memory fleet with a
 * change history (so Watch can resume), cursor-paginated List, and Logs. It can be told to fail
 * the next calls with UNAVAILABLE, and counts every call it receives.
 */
final class TestOperationsService extends IndexerOperationsGrpc.IndexerOperationsImplBase {

    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<Long> watchRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger cancelledStreams = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final TreeMap<String, IndexerDetail> fleet = new TreeMap<>();
    private final List<IndexerEvent> history = new ArrayList<>();
    private final List<ServerCallStreamObserver<IndexerEvent>> watchers = new CopyOnWriteArrayList<>();
    private final List<LogLine> logLines = new CopyOnWriteArrayList<>();
    private long sequence;
    /** History before this sequence has been dropped (a resuming client must resync). */
    private long oldestKept = 1;

    static IndexerDetail detail(String account, String function, String state) {
        return IndexerDetail.newBuilder().setAccountId(account).setFunctionName(function).setEnabled(true).setLifecycleState(state)
                .setStateSinceUnixMs(1_700_000_000_000L).setStreamState("RUNNING").setExecutorState("RUNNING")
                .setLastPublishedBlock(120_000_000L).setQueueDepth(3).setVersion(7).build();
    }

    void failNextWithUnavailable(int n) {
        unavailable.set(n);
    }

    int calls(String rpc) {
        AtomicInteger c = calls.get(rpc);
        return c == null ? 0 : c.get();
    }

    synchronized void put(IndexerDetail d) {
        fleet.put(d.getAccountId() + "/" + d.getFunctionName(), d);
        IndexerEvent e = IndexerEvent.newBuilder().setSequence(++sequence).setIndexer(d).setTimestampUnixMs(System.currentTimeMillis()).build();
        history.add(e);
        for (ServerCallStreamObserver<IndexerEvent> w : watchers) {
            if (!w.isCancelled()) {
                w.onNext(e);
            }
        }
    }

    synchronized void forgetHistoryBefore(long seq) {
        oldestKept = seq;
        history.removeIf(e -> e.getSequence() < seq);
    }

    /** Drops an indexer without an event and tells open watchers to resync, sending the snapshot in the same stream. */
    synchronized void removeSilentlyAndResyncWatchers(String account, String function) {
        fleet.remove(account + "/" + function);
        for (ServerCallStreamObserver<IndexerEvent> w : watchers) {
            w.onNext(IndexerEvent.newBuilder().setSequence(sequence).setResyncRequired(true).build());
            for (IndexerDetail d : fleet.values()) {
                w.onNext(IndexerEvent.newBuilder().setSequence(sequence).setIndexer(d).build());
            }
        }
    }

    synchronized long sequence() {
        return sequence;
    }

    void addLog(LogLine line) {
        logLines.add(line);
    }

    /** Ends every open Watch stream as a server shutting down would. */
    void dropWatchers() {
        for (ServerCallStreamObserver<IndexerEvent> w : watchers) {
            w.onError(Status.UNAVAILABLE.withDescription("going away").asRuntimeException());
        }
        watchers.clear();
    }

    private boolean count(String rpc, StreamObserver<?> out) {
        calls.computeIfAbsent(rpc, k -> new AtomicInteger()).incrementAndGet();
        if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.onError(Status.UNAVAILABLE.withDescription("try again").asRuntimeException());
            return false;
        }
        return true;
    }

    private synchronized IndexerDetail find(String account, String function, StreamObserver<?> out) {
        IndexerDetail d = fleet.get(account + "/" + function);
        if (d == null) {
            out.onError(Status.NOT_FOUND.withDescription("Indexer not found").asRuntimeException());
        }
        return d;
    }

    private void answer(StreamObserver<OperationResponse> out, String state, String message) {
        out.onNext(OperationResponse.newBuilder().setAccepted(true).setMessage(message).setLifecycleState(state).build());
        out.onCompleted();
    }

    @Override
    public void repair(IndexerRequest r, StreamObserver<OperationResponse> out) {
        if (count("Repair", out) && find(r.getAccountId(), r.getFunctionName(), out) != null) {
            put(detail(r.getAccountId(), r.getFunctionName(), "Initializing"));
            answer(out, "Initializing", "provisioning again");
        }
    }

    @Override
    public void restart(IndexerRequest r, StreamObserver<OperationResponse> out) {
        if (count("Restart", out) && find(r.getAccountId(), r.getFunctionName(), out) != null) {
            answer(out, "Running", "restarted");
        }
    }

    @Override
    public void delete(DeleteRequest r, StreamObserver<OperationResponse> out) {
        if (count("Delete", out) && find(r.getAccountId(), r.getFunctionName(), out) != null) {
            put(detail(r.getAccountId(), r.getFunctionName(), "Deleting"));
            answer(out, "Deleting", "deleting: " + r.getReason());
        }
    }

    @Override
    public void get(IndexerRequest r, StreamObserver<IndexerDetail> out) {
        if (count("Get", out)) {
            IndexerDetail d = find(r.getAccountId(), r.getFunctionName(), out);
            if (d != null) {
                out.onNext(d);
                out.onCompleted();
            }
        }
    }

    @Override
    public synchronized void list(ListPageRequest r, StreamObserver<ListPageResponse> out) {
        if (!count("List", out)) {
            return;
        }
        int size = r.getPageSize() == 0 ? 500 : r.getPageSize();
        int from = r.getPageToken().isEmpty() ? 0 : Integer.parseInt(r.getPageToken());
        List<IndexerDetail> all = new ArrayList<>(fleet.values());
        int to = Math.min(all.size(), from + size);
        ListPageResponse.Builder b = ListPageResponse.newBuilder().addAllIndexers(all.subList(from, to));
        if (to < all.size()) {
            b.setNextPageToken(Integer.toString(to));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public synchronized void watch(WatchRequest r, StreamObserver<IndexerEvent> out) {
        if (!count("Watch", out)) {
            return;
        }
        watchRequests.add(r.getAfterSequence());
        ServerCallStreamObserver<IndexerEvent> s = (ServerCallStreamObserver<IndexerEvent>) out;
        s.setOnCancelHandler(() -> {
            cancelledStreams.incrementAndGet();
            watchers.remove(s);
        });
        long after = r.getAfterSequence();
        if (after == 0) {
            for (IndexerDetail d : fleet.values()) {
                s.onNext(IndexerEvent.newBuilder().setSequence(sequence).setIndexer(d).build());
            }
        } else if (after + 1 < oldestKept) {
            s.onNext(IndexerEvent.newBuilder().setSequence(sequence).setResyncRequired(true).build());
            s.onCompleted();
            return;
        } else {
            for (IndexerEvent e : history) {
                if (e.getSequence() > after) {
                    s.onNext(e);
                }
            }
        }
        watchers.add(s);
    }

    @Override
    public void logs(LogsRequest r, StreamObserver<LogLine> out) {
        if (!count("Logs", out)) {
            return;
        }
        ServerCallStreamObserver<LogLine> s = (ServerCallStreamObserver<LogLine>) out;
        s.setOnCancelHandler(cancelledStreams::incrementAndGet);
        List<LogLine> matching = logLines.stream().filter(l -> l.getLevelValue() >= r.getMinLevelValue()).toList();
        for (LogLine l : matching.subList(Math.max(0, matching.size() - r.getTail()), matching.size())) {
            s.onNext(l);
        }
        // stays open, as a live log follow does, until the client cancels
    }
}
