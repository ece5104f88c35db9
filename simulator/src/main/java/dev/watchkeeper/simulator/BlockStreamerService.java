package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.blockstreamer.BlockStreamerGrpc;
import dev.watchkeeper.connectors.proto.blockstreamer.GetStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.StartStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.StartStreamResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.StopStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.StopStreamResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The upstream block streamer's {@code blockstreamer.BlockStreamer}. The simulated coordinator
 * owns every stream, so StartStream/StopStream answer UNIMPLEMENTED and point at the operator
 * extension's Restart instead; the console never calls them.
 */
final class BlockStreamerService extends BlockStreamerGrpc.BlockStreamerImplBase {

    static final String OWNED = "streams are managed by the simulated coordinator; use indexer.IndexerOperations/Restart";

    private final Simulation simulation;

    BlockStreamerService(Simulation simulation) {
        this.simulation = simulation;
    }

    @Override
    public void listStreams(ListStreamsRequest request, StreamObserver<ListStreamsResponse> out) {
        out.onNext(simulation.readAll(all -> {
            ListStreamsResponse.Builder b = ListStreamsResponse.newBuilder();
            for (SimIndexer ix : all) {
                if (ix.streamActive) {
                    b.addStreams(Details.stream(ix));
                }
            }
            return b.build();
        }));
        out.onCompleted();
    }

    @Override
    public void getStream(GetStreamRequest request, StreamObserver<StreamInfo> out) {
        IndexerId id = new IndexerId(request.getAccountId(), request.getFunctionName());
        StreamInfo info = simulation.read(id, ix -> ix.streamActive ? Details.stream(ix) : null);
        if (info == null) {
            out.onError(Status.NOT_FOUND.withDescription("No stream found for " + id.fullName()).asRuntimeException());
        } else {
            out.onNext(info);
            out.onCompleted();
        }
    }

    @Override
    public void startStream(StartStreamRequest request, StreamObserver<StartStreamResponse> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription(OWNED).asRuntimeException());
    }

    @Override
    public void stopStream(StopStreamRequest request, StreamObserver<StopStreamResponse> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription(OWNED).asRuntimeException());
    }
}
