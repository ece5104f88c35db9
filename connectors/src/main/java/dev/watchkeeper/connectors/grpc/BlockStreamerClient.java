package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.blockstreamer.BlockStreamerGrpc;
import dev.watchkeeper.connectors.proto.blockstreamer.GetStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads the upstream block streamer (ListStreams, GetStream), read-only, retried on UNAVAILABLE. */
public final class BlockStreamerClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final UnaryCalls.Target target;
    private final boolean ownsChannel;
    private final RetryPolicy retry;

    public BlockStreamerClient(ManagedChannel channel, String endpoint, Duration deadline, boolean ownsChannel,
                               SourceTracker tracker, RetryPolicy retry) {
        this.channel = channel;
        this.target = new UnaryCalls.Target("block streamer " + endpoint, deadline, "not a QueryAPI block streamer", tracker);
        this.ownsChannel = ownsChannel;
        this.retry = retry;
    }

    public static BlockStreamerClient open(Endpoint endpoint) {
        return new BlockStreamerClient(Channels.build(endpoint).channel(), endpoint.target(), endpoint.deadline(), true, null, RetryPolicy.IDEMPOTENT);
    }

    private BlockStreamerGrpc.BlockStreamerFutureStub stub(Duration remaining) {
        return BlockStreamerGrpc.newFutureStub(channel).withDeadlineAfter(remaining.toNanos(), TimeUnit.NANOSECONDS);
    }

    public String label() {
        return target.label();
    }

    /** Every stream the block streamer runs. */
    public CompletableFuture<List<StreamStatus>> listStreams() {
        return UnaryCalls.call(target, "ListStreams", retry, d -> stub(d).listStreams(ListStreamsRequest.getDefaultInstance()),
                r -> r.getStreamsList().stream().map(BlockStreamerClient::status).toList());
    }

    /** The indexer's stream; empty when it has none (NOT_FOUND). */
    public CompletableFuture<Optional<StreamStatus>> getStream(IndexerId id) {
        GetStreamRequest r = GetStreamRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
        return UnaryCalls.call(target, "GetStream", retry, d -> stub(d).getStream(r), BlockStreamerClient::status)
                .thenApply(Optional::of)
                .exceptionallyCompose(e -> e.getCause() instanceof CallFailure f && f.code() == Status.Code.NOT_FOUND
                        ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(e.getCause() != null ? e.getCause() : e));
    }

    /** Missing health reads as UNKNOWN with time 0: upstream's coordinator treats that as unhealthy too. */
    static StreamStatus status(StreamInfo s) {
        StreamHealth health = s.hasHealth() ? StreamHealth.fromProtoNumber(s.getHealth().getProcessingStateValue()) : StreamHealth.UNKNOWN;
        long updated = s.hasHealth() ? s.getHealth().getUpdatedAtTimestampSecs() : 0;
        return new StreamStatus(new IndexerId(s.getAccountId(), s.getFunctionName()), s.getStreamId(), s.getVersion(), health, updated);
    }

    @Override
    public void close() {
        if (ownsChannel) {
            Channels.close(channel);
        }
    }
}
