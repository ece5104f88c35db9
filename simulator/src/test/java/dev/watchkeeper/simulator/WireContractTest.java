package dev.watchkeeper.simulator;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.watchkeeper.connectors.proto.blockstreamer.ActionAnyRule;
import dev.watchkeeper.connectors.proto.blockstreamer.ActionFunctionCallRule;
import dev.watchkeeper.connectors.proto.blockstreamer.BlockStreamerGrpc;
import dev.watchkeeper.connectors.proto.blockstreamer.GetStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.blockstreamer.StartStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.StartStreamResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.StopStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.StopStreamResponse;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.connectors.proto.indexer.DisableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.EnableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerState;
import dev.watchkeeper.connectors.proto.indexer.ListIndexersResponse;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;
import dev.watchkeeper.connectors.proto.runner.GetExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsResponse;
import dev.watchkeeper.connectors.proto.runner.RunnerGrpc;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated descriptors the simulator serves match the wire contract (control-plane spec §1-3) field by field. */
class WireContractTest {

    private static Map<String, Integer> fields(Descriptor d) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (FieldDescriptor f : d.getFields()) {
            m.put(f.getName(), f.getNumber());
        }
        return m;
    }

    private static Map<String, Integer> values(EnumDescriptor d) {
        Map<String, Integer> m = new LinkedHashMap<>();
        d.getValues().forEach(v -> m.put(v.getName(), v.getNumber()));
        return m;
    }

    @Test
    void coordinatorMessagesAreUpstreams() {
        assertThat(IndexerManagerGrpc.SERVICE_NAME).isEqualTo("indexer.IndexerManager");
        assertThat(fields(IndexerRequest.getDescriptor())).containsExactly(Map.entry("account_id", 1), Map.entry("function_name", 2));
        assertThat(fields(EnableIndexerResponse.getDescriptor())).containsExactly(Map.entry("success", 1));
        assertThat(fields(DisableIndexerResponse.getDescriptor())).containsExactly(Map.entry("success", 1));
        assertThat(fields(ListIndexersResponse.getDescriptor())).containsExactly(Map.entry("indexers", 1));
        assertThat(fields(IndexerState.getDescriptor()))
                .containsExactly(Map.entry("account_id", 1), Map.entry("function_name", 2), Map.entry("enabled", 3));
        assertThat(Empty.getDescriptor().getFullName()).isEqualTo("indexer.Empty");
        assertThat(Empty.getDescriptor().getFields()).isEmpty();
    }

    @Test
    void blockStreamerMessagesAreUpstreamsWithoutField2InStreamInfo() {
        assertThat(BlockStreamerGrpc.SERVICE_NAME).isEqualTo("blockstreamer.BlockStreamer");
        assertThat(fields(StreamInfo.getDescriptor())).containsExactly(Map.entry("stream_id", 1), Map.entry("account_id", 3),
                Map.entry("function_name", 4), Map.entry("version", 5), Map.entry("health", 6));
        assertThat(StreamInfo.getDescriptor().findFieldByNumber(2)).isNull();
        assertThat(fields(dev.watchkeeper.connectors.proto.blockstreamer.Health.getDescriptor()))
                .containsExactly(Map.entry("processing_state", 1), Map.entry("updated_at_timestamp_secs", 2));
        assertThat(values(ProcessingState.getDescriptor())).containsExactly(Map.entry("UNSPECIFIED", 0), Map.entry("IDLE", 1),
                Map.entry("RUNNING", 2), Map.entry("WAITING", 3), Map.entry("STALLED", 4));
        assertThat(fields(StartStreamRequest.getDescriptor())).containsExactly(Map.entry("start_block_height", 1),
                Map.entry("account_id", 2), Map.entry("function_name", 3), Map.entry("version", 4), Map.entry("redis_stream", 5),
                Map.entry("action_any_rule", 6), Map.entry("action_function_call_rule", 7));
        assertThat(StartStreamRequest.getDescriptor().getOneofs()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("rule"));
        assertThat(fields(ActionAnyRule.getDescriptor())).containsExactly(Map.entry("affected_account_id", 1), Map.entry("status", 2));
        assertThat(fields(ActionFunctionCallRule.getDescriptor())).containsExactly(Map.entry("affected_account_id", 1),
                Map.entry("function_name", 2), Map.entry("status", 3));
        assertThat(values(dev.watchkeeper.connectors.proto.blockstreamer.Status.getDescriptor())).containsExactly(
                Map.entry("STATUS_UNSPECIFIED", 0), Map.entry("STATUS_SUCCESS", 1), Map.entry("STATUS_FAILURE", 2), Map.entry("STATUS_ANY", 3));
        assertThat(fields(StartStreamResponse.getDescriptor())).containsExactly(Map.entry("stream_id", 1));
        assertThat(fields(StopStreamRequest.getDescriptor())).containsExactly(Map.entry("stream_id", 1));
        assertThat(fields(StopStreamResponse.getDescriptor())).containsExactly(Map.entry("status", 1));
        assertThat(fields(ListStreamsResponse.getDescriptor())).containsExactly(Map.entry("streams", 1));
        assertThat(fields(GetStreamRequest.getDescriptor())).containsExactly(Map.entry("account_id", 1), Map.entry("function_name", 2));
    }

    @Test
    void runnerMessagesAreUpstreamsWithoutField4InExecutorInfo() {
        assertThat(RunnerGrpc.SERVICE_NAME).isEqualTo("runner.Runner");
        assertThat(fields(ExecutorInfo.getDescriptor())).containsExactly(Map.entry("executor_id", 1), Map.entry("account_id", 2),
                Map.entry("function_name", 3), Map.entry("version", 5), Map.entry("health", 6));
        assertThat(ExecutorInfo.getDescriptor().findFieldByNumber(4)).isNull();
        assertThat(fields(dev.watchkeeper.connectors.proto.runner.Health.getDescriptor())).containsExactly(Map.entry("execution_state", 1));
        assertThat(values(ExecutionState.getDescriptor())).containsExactly(Map.entry("UNSPECIFIED", 0), Map.entry("RUNNING", 1),
                Map.entry("FAILING", 2), Map.entry("WAITING", 3), Map.entry("STOPPED", 4), Map.entry("STALLED", 5), Map.entry("IDLE", 6));
        assertThat(fields(ListExecutorsResponse.getDescriptor())).containsExactly(Map.entry("executors", 1));
        assertThat(fields(GetExecutorRequest.getDescriptor())).containsExactly(Map.entry("account_id", 1), Map.entry("function_name", 2));
    }

    @Test
    void servicesHaveUpstreamsMethods() {
        assertThat(IndexerManagerGrpc.getServiceDescriptor().getMethods()).extracting(m -> m.getBareMethodName())
                .containsExactlyInAnyOrder("Enable", "Disable", "List");
        assertThat(BlockStreamerGrpc.getServiceDescriptor().getMethods()).extracting(m -> m.getBareMethodName())
                .containsExactlyInAnyOrder("StartStream", "StopStream", "ListStreams", "GetStream");
        assertThat(RunnerGrpc.getServiceDescriptor().getMethods()).extracting(m -> m.getBareMethodName())
                .containsExactlyInAnyOrder("StartExecutor", "StopExecutor", "ListExecutors", "GetExecutor");
    }
}
