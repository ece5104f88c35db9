package dev.watchkeeper.connectors;

import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.epoch.EpochWindow;

/**
 * Everything the connectors observe, as immutable model values, delivered on connector threads
 * (never the FX thread; the app hands them over in batches). Defaults ignore what a client does not need.
 */
public interface ControlPlaneListener {

    default void onStates(StateBatch batch) {
    }

    default void onHealth(HealthBatch batch) {
    }

    default void onProgress(ProgressBatch batch) {
    }

    default void onEpochs(EpochWindow window) {
    }

    default void onStatus(SourceStatus status) {
    }

    default void onCapabilities(Capabilities capabilities) {
    }
}
