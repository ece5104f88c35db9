package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.connectors.proto.indexer.DeleteRequest;
import dev.watchkeeper.connectors.proto.indexer.DisableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.EnableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageResponse;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A coordinator on loopback for command tests: records every request, applies a scripted effect
 * (e.g. writing the new state to Redis) and answers as told: normally, with an error status, not
 * at all (to hit the deadline), or refusing.
 */
final class TestCoordinator implements AutoCloseable {

    enum Answer { OK, REFUSE, NOT_FOUND, UNAVAILABLE_ONCE, UNAVAILABLE, HANG }

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> deleteReasons = new CopyOnWriteArrayList<>();
    volatile Answer answer = Answer.OK;
    /** Applied on every accepted command: (rpc name, "account/function"). */
    volatile BiConsumer<String, String> effect = (rpc, id) -> { };
    private final AtomicInteger unavailableLeft = new AtomicInteger(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Server server;

    /** With {@code extension} false it is an upstream coordinator: IndexerOperations answers UNIMPLEMENTED. */
    TestCoordinator(boolean extension) throws IOException {
        ServerBuilder<?> b = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new Manager());
        if (extension) {
            b.addService(new Operations());
        }
        server = b.build().start();
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    void stop() throws InterruptedException {
        release.countDown();
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private <T> void handle(String rpc, String account, String function, StreamObserver<T> out, T ok, T refused) {
        calls.add(rpc + " " + account + "/" + function);
        switch (answer) {
            case NOT_FOUND -> out.onError(Status.NOT_FOUND.withDescription("Indexer not found").asRuntimeException());
            case UNAVAILABLE -> out.onError(Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException());
            case UNAVAILABLE_ONCE -> {
                if (unavailableLeft.getAndDecrement() > 0) {
                    out.onError(Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException());
                    return;
                }
                effect.accept(rpc, account + "/" + function);
                out.onNext(ok);
                out.onCompleted();
            }
            case REFUSE -> {
                out.onNext(refused);
                out.onCompleted();
            }
            case HANG -> {
                // Applies the command but answers only after the client's deadline.
                effect.accept(rpc, account + "/" + function);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case OK -> {
                effect.accept(rpc, account + "/" + function);
                out.onNext(ok);
                out.onCompleted();
            }
        }
    }

    private final class Manager extends IndexerManagerGrpc.IndexerManagerImplBase {
        @Override
        public void disable(IndexerRequest r, StreamObserver<DisableIndexerResponse> out) {
            handle("Disable", r.getAccountId(), r.getFunctionName(), out,
                    DisableIndexerResponse.newBuilder().setSuccess(true).build(), DisableIndexerResponse.newBuilder().setSuccess(false).build());
        }

        @Override
        public void enable(IndexerRequest r, StreamObserver<EnableIndexerResponse> out) {
            handle("Enable", r.getAccountId(), r.getFunctionName(), out,
                    EnableIndexerResponse.newBuilder().setSuccess(true).build(), EnableIndexerResponse.newBuilder().setSuccess(false).build());
        }
    }

    private final class Operations extends IndexerOperationsGrpc.IndexerOperationsImplBase {
        @Override
        public void repair(IndexerRequest r, StreamObserver<OperationResponse> out) {
            handle("Repair", r.getAccountId(), r.getFunctionName(), out, accepted("Initializing"), refused());
        }

        @Override
        public void restart(IndexerRequest r, StreamObserver<OperationResponse> out) {
            handle("Restart", r.getAccountId(), r.getFunctionName(), out, accepted("Running"), refused());
        }

        @Override
        public void delete(DeleteRequest r, StreamObserver<OperationResponse> out) {
            deleteReasons.add(r.getReason());
            handle("Delete", r.getAccountId(), r.getFunctionName(), out, accepted("Deleting"), refused());
        }

        @Override
        public void list(ListPageRequest r, StreamObserver<ListPageResponse> out) {
            out.onNext(ListPageResponse.getDefaultInstance());
            out.onCompleted();
        }

        private static OperationResponse accepted(String state) {
            return OperationResponse.newBuilder().setAccepted(true).setMessage("ok").setLifecycleState(state).build();
        }

        private static OperationResponse refused() {
            return OperationResponse.newBuilder().setAccepted(false).setMessage("indexer is not Repairing").build();
        }
    }
}
