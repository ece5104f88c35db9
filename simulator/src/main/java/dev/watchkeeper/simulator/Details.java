package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;

/** Wire messages describing one simulated indexer. */
final class Details {

    private Details() {
    }

    static IndexerDetail detail(SimIndexer ix) {
        IndexerDetail.Builder b = IndexerDetail.newBuilder()
                .setAccountId(ix.id.accountId())
                .setFunctionName(ix.id.functionName())
                .setEnabled(ix.enabled)
                .setLifecycleState(ix.lifecycle.wire())
                .setStateSinceUnixMs(ix.stateSinceMillis)
                .setLastPublishedBlock(ix.lastPublished)
                .setQueueDepth(ix.queueDepth())
                .setLastError(ix.lastError)
                .setVersion(ix.version);
        if (ix.streamActive) {
            b.setStreamState(ix.processing.name()).setStreamUpdatedAtTimestampSecs(ix.healthUpdatedAtSecs);
        }
        if (ix.executorActive) {
            b.setExecutorState(ix.execution.name());
        }
        return b.build();
    }

    static StreamInfo stream(SimIndexer ix) {
        return StreamInfo.newBuilder()
                .setStreamId(ix.streamId)
                .setAccountId(ix.id.accountId())
                .setFunctionName(ix.id.functionName())
                .setVersion(ix.version)
                .setHealth(dev.watchkeeper.connectors.proto.blockstreamer.Health.newBuilder()
                        .setProcessingState(ix.processing)
                        .setUpdatedAtTimestampSecs(ix.healthUpdatedAtSecs))
                .build();
    }

    static ExecutorInfo executor(SimIndexer ix) {
        return ExecutorInfo.newBuilder()
                .setExecutorId(ix.executorId)
                .setAccountId(ix.id.accountId())
                .setFunctionName(ix.id.functionName())
                .setVersion(ix.version)
                .setHealth(dev.watchkeeper.connectors.proto.runner.Health.newBuilder().setExecutionState(ix.execution))
                .build();
    }
}
