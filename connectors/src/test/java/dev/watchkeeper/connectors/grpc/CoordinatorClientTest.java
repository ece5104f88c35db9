package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.indexer.DisableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.EnableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerState;
import dev.watchkeeper.connectors.proto.indexer.ListIndexersResponse;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against real gRPC servers on loopback that answer as an upstream coordinator would, or fail. */
class CoordinatorClientTest {

    private Server server;
    private CoordinatorClient client;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private void serve(IndexerManagerGrpc.IndexerManagerImplBase impl, Duration deadline) throws Exception {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(impl).build().start();
        client = CoordinatorClient.plaintext("127.0.0.1:" + server.getPort(), deadline);
    }

    private final class Upstream extends IndexerManagerGrpc.IndexerManagerImplBase {
        @Override
        public void disable(IndexerRequest r, StreamObserver<DisableIndexerResponse> out) {
            if (!r.getAccountId().equals("morgs.near")) {
                out.onError(Status.NOT_FOUND.withDescription("Indexer not found").asRuntimeException());
                return;
            }
            out.onNext(DisableIndexerResponse.newBuilder().setSuccess(true).build());
            out.onCompleted();
        }

        @Override
        public void enable(IndexerRequest r, StreamObserver<EnableIndexerResponse> out) {
            // Upstream List/Enable can hang; this one never answers until released.
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void list(Empty r, StreamObserver<ListIndexersResponse> out) {
            out.onNext(ListIndexersResponse.newBuilder()
                    .addIndexers(IndexerState.newBuilder().setAccountId("morgs.near").setFunctionName("feed v2/x").setEnabled(true))
                    .build());
            out.onCompleted();
        }
    }

    @Test
    void disableAndListSpeakTheUpstreamApi() throws Exception {
        serve(new Upstream(), Duration.ofSeconds(5));
        assertThat(client.disable(new IndexerId("morgs.near", "test")).join()).isTrue();
        assertThat(client.list().join()).containsExactly(new CoordinatorClient.Registered(new IndexerId("morgs.near", "feed v2/x"), true));
    }

    @Test
    void notFoundIsARejectionWithUpstreamsText() throws Exception {
        serve(new Upstream(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.disable(new IndexerId("nobody.near", "x")).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(CallFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(CallFailure.Kind.REJECTED);
                    assertThat(f.getMessage()).contains("Indexer not found");
                });
    }

    @Test
    void aServerSlowerThanTheDeadlineGivesAnUnknownOutcomePromptly() throws Exception {
        serve(new Upstream(), Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.enable(new IndexerId("morgs.near", "test")).join())
                .cause().isInstanceOfSatisfying(CallFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(CallFailure.Kind.OUTCOME_UNKNOWN);
                    assertThat(f.getMessage()).contains("did not answer Enable within 0.3 s; outcome unknown");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aServerWithoutTheServiceAnswersUnimplemented() throws Exception {
        // A server that serves nothing: every call is UNIMPLEMENTED, as for an rpc upstream lacks.
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).build().start();
        client = CoordinatorClient.plaintext("127.0.0.1:" + server.getPort(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.list().join())
                .cause().isInstanceOfSatisfying(CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.UNIMPLEMENTED));
    }

    @Test
    void aDeadServerIsUnreachable() throws Exception {
        serve(new Upstream(), Duration.ofSeconds(5));
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        assertThatThrownBy(() -> client.disable(new IndexerId("morgs.near", "test")).join())
                .cause().isInstanceOfSatisfying(CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.UNREACHABLE));
    }
}
