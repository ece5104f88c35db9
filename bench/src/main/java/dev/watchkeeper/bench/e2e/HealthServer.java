package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.bench.Fleets;
import dev.watchkeeper.connectors.proto.blockstreamer.BlockStreamerGrpc;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsResponse;
import dev.watchkeeper.connectors.proto.runner.RunnerGrpc;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;

import java.io.IOException;

/**
 * The block streamer's and the runner's list APIs serving {@code n} streams and executors, for the
 * production workload's health polling (the console's HealthPoller calls ListStreams and
 * ListExecutors every poll interval). Runs in the writer's process, not the console's. Every
 * stream's {@code updated_at} is recent, as upstream's health check refreshes it on each round
 * (near/queryapi at 7d9546d, block-streamer/src/block_stream.rs: {@code health_lock.last_updated =
 * SystemTime::now()}); one indexer in a hundred is stalled in both (the stream's Stalled and the
 * executor's STALLED of runner/src/stream-handler/stream-handler.ts), a different hundredth every 30 s.
 */
final class HealthServer {

    private HealthServer() {
    }

    /** Serves both APIs on {@code port} until the process is stopped. */
    static void serve(int port, int n) throws IOException, InterruptedException {
        IndexerId[] ids = Fleets.ids(n).toArray(IndexerId[]::new);
        Server server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(new Streams(ids))
                .addService(new Executors(ids))
                .maxInboundMessageSize(64 << 20)
                .build()
                .start();
        // gone with the harness, however it ended (a killed harness does not destroy its children)
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        System.out.println("health serving " + n + " on " + port);
        System.out.flush();
        server.awaitTermination();
    }

    private static boolean unhealthy(int i) {
        return (i + System.currentTimeMillis() / 30_000) % 100 == 0;
    }

    private static final class Streams extends BlockStreamerGrpc.BlockStreamerImplBase {
        private final IndexerId[] ids;

        Streams(IndexerId[] ids) {
            this.ids = ids;
        }

        @Override
        public void listStreams(ListStreamsRequest request, StreamObserver<ListStreamsResponse> out) {
            long now = System.currentTimeMillis() / 1000;
            ListStreamsResponse.Builder b = ListStreamsResponse.newBuilder();
            for (int i = 0; i < ids.length; i++) {
                b.addStreams(StreamInfo.newBuilder()
                        .setStreamId(Integer.toHexString(i))
                        .setAccountId(ids[i].accountId())
                        .setFunctionName(ids[i].functionName())
                        .setVersion(Fleets.REGISTRY_BASE)
                        .setHealth(dev.watchkeeper.connectors.proto.blockstreamer.Health.newBuilder()
                                .setProcessingState(unhealthy(i) ? ProcessingState.STALLED : ProcessingState.RUNNING)
                                .setUpdatedAtTimestampSecs(now)));
            }
            out.onNext(b.build());
            out.onCompleted();
        }
    }

    private static final class Executors extends RunnerGrpc.RunnerImplBase {
        private final IndexerId[] ids;

        Executors(IndexerId[] ids) {
            this.ids = ids;
        }

        @Override
        public void listExecutors(ListExecutorsRequest request, StreamObserver<ListExecutorsResponse> out) {
            ListExecutorsResponse.Builder b = ListExecutorsResponse.newBuilder();
            for (int i = 0; i < ids.length; i++) {
                b.addExecutors(ExecutorInfo.newBuilder()
                        .setExecutorId(Integer.toHexString(i))
                        .setAccountId(ids[i].accountId())
                        .setFunctionName(ids[i].functionName())
                        .setVersion(Fleets.REGISTRY_BASE)
                        .setHealth(dev.watchkeeper.connectors.proto.runner.Health.newBuilder()
                                .setExecutionState(unhealthy(i) ? ExecutionState.STALLED : ExecutionState.RUNNING)));
            }
            out.onNext(b.build());
            out.onCompleted();
        }
    }
}
