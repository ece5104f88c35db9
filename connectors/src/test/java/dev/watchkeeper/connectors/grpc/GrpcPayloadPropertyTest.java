package dev.watchkeeper.connectors.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.connectors.proto.indexer.IndexerEvent;
import dev.watchkeeper.connectors.proto.indexer.ListIndexersResponse;
import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated bytes on the wire, generated and shrunk by jqwik: the generated parsers
 * either read a message or throw InvalidProtocolBufferException, and whatever they read maps to
 * the model without throwing (unknown enum numbers, huge uint64, odd strings included).
 */
class GrpcPayloadPropertyTest {

    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] b) throws InvalidProtocolBufferException;
    }

    static <T> T parseOrNull(Parser<T> p, byte[] bytes) {
        try {
            return p.parse(bytes);
        } catch (InvalidProtocolBufferException e) {
            return null; // the only failure allowed: the client reports it as a failed call
        }
    }

    @Property(tries = 10_000)
    void blockStreamerPayloads(@ForAll("payloads") byte[] bytes) {
        StreamInfo s = parseOrNull(StreamInfo::parseFrom, bytes);
        if (s != null) {
            assertThat(BlockStreamerClient.status(s)).isNotNull();
        }
        ListStreamsResponse l = parseOrNull(ListStreamsResponse::parseFrom, bytes);
        if (l != null) {
            l.getStreamsList().forEach(x -> assertThat(BlockStreamerClient.status(x).health()).isNotNull());
        }
    }

    @Property(tries = 10_000)
    void runnerPayloads(@ForAll("payloads") byte[] bytes) {
        ExecutorInfo e = parseOrNull(ExecutorInfo::parseFrom, bytes);
        if (e != null) {
            assertThat(RunnerClient.status(e)).isNotNull();
        }
        ListExecutorsResponse l = parseOrNull(ListExecutorsResponse::parseFrom, bytes);
        if (l != null) {
            l.getExecutorsList().forEach(x -> assertThat(RunnerClient.status(x).health()).isNotNull());
        }
    }

    @Property(tries = 10_000)
    void coordinatorPayloads(@ForAll("payloads") byte[] bytes) {
        IndexerDetail d = parseOrNull(IndexerDetail::parseFrom, bytes);
        if (d != null) {
            assertThat(dev.watchkeeper.model.LifecycleState.fromWire(d.getLifecycleState())).isNotNull();
        }
        IndexerEvent ev = parseOrNull(IndexerEvent::parseFrom, bytes);
        if (ev != null && ev.hasIndexer()) {
            assertThat(dev.watchkeeper.model.LifecycleState.fromWire(ev.getIndexer().getLifecycleState())).isNotNull();
        }
        ListIndexersResponse l = parseOrNull(ListIndexersResponse::parseFrom, bytes);
        if (l != null) {
            l.getIndexersList().forEach(x -> assertThat(x.getAccountId()).isNotNull());
        }
    }

    /** Random bytes, and valid messages with bytes flipped, cut or appended (closer to real corruption). */
    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> valid = Arbitraries.of(
                StreamInfo.newBuilder().setStreamId("s").setAccountId("morgs.near").setFunctionName("f").setVersion(-1)
                        .setHealth(dev.watchkeeper.connectors.proto.blockstreamer.Health.newBuilder()
                                .setProcessingStateValue(2).setUpdatedAtTimestampSecs(-5)).build().toByteArray(),
                ExecutorInfo.newBuilder().setExecutorId("e").setAccountId("a").setFunctionName("f")
                        .setHealth(dev.watchkeeper.connectors.proto.runner.Health.newBuilder().setExecutionStateValue(99)).build().toByteArray(),
                IndexerDetail.newBuilder().setAccountId("a").setFunctionName("f / g").setLifecycleState("Running")
                        .setStreamState("RUNNING").setExecutorState("FAILING").setStateSinceUnixMs(-1).build().toByteArray());
        Arbitrary<byte[]> mutated = valid.flatMap(v -> Arbitraries.integers().between(0, v.length - 1).flatMap(i ->
                Arbitraries.integers().between(0, 255).map(x -> {
                    byte[] copy = v.clone();
                    copy[i] = x.byteValue();
                    return copy;
                })));
        Arbitrary<byte[]> cut = valid.flatMap(v -> Arbitraries.integers().between(0, v.length).map(n -> java.util.Arrays.copyOf(v, n)));
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(200), mutated, cut);
    }
}
