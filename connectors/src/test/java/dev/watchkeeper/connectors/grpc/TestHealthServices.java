package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.blockstreamer.BlockStreamerGrpc;
import dev.watchkeeper.connectors.proto.blockstreamer.GetStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.Health;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;
import dev.watchkeeper.connectors.proto.runner.GetExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsResponse;
import dev.watchkeeper.connectors.proto.runner.RunnerGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Upstream-shaped block streamer and runner services answering fixed health, in the exact wire form. */
final class TestHealthServices {

    private TestHealthServices() {
    }

    static final class Streamer extends BlockStreamerGrpc.BlockStreamerImplBase {
        final AtomicInteger lists = new AtomicInteger();
        volatile List<StreamInfo> streams = List.of(
                StreamInfo.newBuilder().setStreamId("s1").setAccountId("morgs.near").setFunctionName("test").setVersion(3)
                        .setHealth(Health.newBuilder().setProcessingStateValue(2).setUpdatedAtTimestampSecs(1_700_000_000L)).build(),
                // a state number upstream may add later
                StreamInfo.newBuilder().setStreamId("s2").setAccountId("new.near").setFunctionName("x")
                        .setHealth(Health.newBuilder().setProcessingStateValue(9)).build(),
                // health missing altogether
                StreamInfo.newBuilder().setStreamId("s3").setAccountId("bare.near").setFunctionName("y").build());

        @Override
        public void listStreams(ListStreamsRequest r, StreamObserver<ListStreamsResponse> out) {
            lists.incrementAndGet();
            out.onNext(ListStreamsResponse.newBuilder().addAllStreams(streams).build());
            out.onCompleted();
        }

        @Override
        public void getStream(GetStreamRequest r, StreamObserver<StreamInfo> out) {
            streams.stream().filter(s -> s.getAccountId().equals(r.getAccountId()) && s.getFunctionName().equals(r.getFunctionName()))
                    .findFirst().ifPresentOrElse(s -> {
                        out.onNext(s);
                        out.onCompleted();
                    }, () -> out.onError(Status.NOT_FOUND.withDescription("stream not found").asRuntimeException()));
        }
    }

    static final class Runner extends RunnerGrpc.RunnerImplBase {
        final AtomicInteger lists = new AtomicInteger();
        volatile List<ExecutorInfo> executors = List.of(
                ExecutorInfo.newBuilder().setExecutorId("e1").setAccountId("morgs.near").setFunctionName("test").setVersion(3)
                        .setHealth(dev.watchkeeper.connectors.proto.runner.Health.newBuilder().setExecutionState(ExecutionState.FAILING)).build(),
                ExecutorInfo.newBuilder().setExecutorId("e2").setAccountId("new.near").setFunctionName("x")
                        .setHealth(dev.watchkeeper.connectors.proto.runner.Health.newBuilder().setExecutionStateValue(42)).build());

        @Override
        public void listExecutors(ListExecutorsRequest r, StreamObserver<ListExecutorsResponse> out) {
            lists.incrementAndGet();
            out.onNext(ListExecutorsResponse.newBuilder().addAllExecutors(executors).build());
            out.onCompleted();
        }

        @Override
        public void getExecutor(GetExecutorRequest r, StreamObserver<ExecutorInfo> out) {
            executors.stream().filter(e -> e.getAccountId().equals(r.getAccountId()) && e.getFunctionName().equals(r.getFunctionName()))
                    .findFirst().ifPresentOrElse(e -> {
                        out.onNext(e);
                        out.onCompleted();
                    }, () -> out.onError(Status.NOT_FOUND.withDescription("executor not found").asRuntimeException()));
        }
    }
}
