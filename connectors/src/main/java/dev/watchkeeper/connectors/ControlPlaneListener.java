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

    /**
     * The newest epochs of the window, read first when the epoch reader connects so that the
     * timeline can be drawn before the whole window is read; {@code olderToCome} more epochs come
     * with the next {@link #onEpochs}, the whole window. For a first look only: whatever needs the
     * window (history, incidents, summaries) waits for {@link #onEpochs}.
     */
    default void onNewestEpochs(EpochWindow newest, int olderToCome) {
    }

    default void onStatus(SourceStatus status) {
    }

    default void onCapabilities(Capabilities capabilities) {
    }

    /** One listener that hands every event to {@code first}, then to {@code second}. */
    static ControlPlaneListener both(ControlPlaneListener first, ControlPlaneListener second) {
        return new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                first.onStates(batch);
                second.onStates(batch);
            }

            @Override
            public void onHealth(HealthBatch batch) {
                first.onHealth(batch);
                second.onHealth(batch);
            }

            @Override
            public void onProgress(ProgressBatch batch) {
                first.onProgress(batch);
                second.onProgress(batch);
            }

            @Override
            public void onEpochs(EpochWindow window) {
                first.onEpochs(window);
                second.onEpochs(window);
            }

            @Override
            public void onNewestEpochs(EpochWindow newest, int olderToCome) {
                first.onNewestEpochs(newest, olderToCome);
                second.onNewestEpochs(newest, olderToCome);
            }

            @Override
            public void onStatus(SourceStatus status) {
                first.onStatus(status);
                second.onStatus(status);
            }

            @Override
            public void onCapabilities(Capabilities capabilities) {
                first.onCapabilities(capabilities);
                second.onCapabilities(capabilities);
            }
        };
    }
}
