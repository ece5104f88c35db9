package dev.watchkeeper.app.epochs;

import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.StateUpdate;
import javafx.scene.paint.Color;

/** Colour per epoch state; unknown state IDs get a stable colour of their own. Failures are red. */
public final class StateColors {

    public static final Color FAILED = Color.web("#cf222e");
    public static final Color UNREADABLE = Color.web("#6e7781");
    private static final Color[] UNKNOWN = {
            Color.web("#e16f24"), Color.web("#1b7c83"), Color.web("#bf3989"), Color.web("#953800"), Color.web("#4d2d00")};

    private StateColors() {
    }

    public static Color of(String stateId) {
        return switch (stateId) {
            case EpochStates.EPOCH_RELEASED -> Color.web("#8c959f");
            case EpochStates.PRELOAD -> Color.web("#54aeff");
            case EpochStates.SNAPSHOT_BUILD -> Color.web("#0969da");
            case EpochStates.SNAPSHOT_SUBMIT_PAYLOAD_COMMIT -> Color.web("#8250df");
            case EpochStates.RELAYER_SEND -> Color.web("#bf8700");
            case EpochStates.SNAPSHOT_FINALIZE -> Color.web("#1a7f37");
            default -> UNKNOWN[Math.floorMod(stateId.hashCode(), UNKNOWN.length)];
        };
    }

    public static Color of(StateUpdate u) {
        if (u.failed()) {
            return FAILED;
        }
        if (u.status() == StateUpdate.Status.UNKNOWN) {
            return UNREADABLE;
        }
        return of(u.stateId());
    }
}
