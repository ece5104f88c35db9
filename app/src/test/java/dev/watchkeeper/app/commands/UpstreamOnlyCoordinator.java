package dev.watchkeeper.app.commands;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.proto.indexer.DisableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.EnableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.ListIndexersResponse;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An upstream coordinator in front of the demo's: it serves only {@code indexer.IndexerManager}
 * (forwarded to the simulator, which writes the real lifecycle to Redis), so the operator
 * extension answers UNIMPLEMENTED, as a real upstream deployment does.
 */
final class UpstreamOnlyCoordinator implements AutoCloseable {

    private final ManagedChannel upstream;
    private final Server server;

    UpstreamOnlyCoordinator(String demoCoordinator) {
        upstream = Channels.plaintext(demoCoordinator);
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new Forward()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    private IndexerManagerGrpc.IndexerManagerBlockingStub stub() {
        return IndexerManagerGrpc.newBlockingStub(upstream).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static <T> void forward(Supplier<T> call, StreamObserver<T> out) {
        try {
            out.onNext(call.get());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e.getStatus().asRuntimeException());
        }
    }

    private final class Forward extends IndexerManagerGrpc.IndexerManagerImplBase {
        @Override
        public void enable(IndexerRequest r, StreamObserver<EnableIndexerResponse> out) {
            forward(() -> stub().enable(r), out);
        }

        @Override
        public void disable(IndexerRequest r, StreamObserver<DisableIndexerResponse> out) {
            forward(() -> stub().disable(r), out);
        }

        @Override
        public void list(Empty r, StreamObserver<ListIndexersResponse> out) {
            forward(() -> stub().list(r), out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        upstream.shutdownNow();
    }
}
