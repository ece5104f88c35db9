package dev.watchkeeper.model.epoch;

import java.util.List;

/** The pooler snapshotter's state IDs in processing order (control-plane spec §5). */
public final class EpochStates {

    public static final String EPOCH_RELEASED = "EPOCH_RELEASED";
    public static final String PRELOAD = "PRELOAD";
    public static final String SNAPSHOT_BUILD = "SNAPSHOT_BUILD";
    public static final String SNAPSHOT_SUBMIT_PAYLOAD_COMMIT = "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT";
    public static final String RELAYER_SEND = "RELAYER_SEND";
    public static final String SNAPSHOT_FINALIZE = "SNAPSHOT_FINALIZE";

    /** Known states in order; other builds use other names, placed by their timestamps ({@link StateOrder}). */
    public static final List<String> ORDER = List.of(EPOCH_RELEASED, PRELOAD, SNAPSHOT_BUILD,
            SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, RELAYER_SEND, SNAPSHOT_FINALIZE);

    private EpochStates() {
    }

    public static boolean isKnown(String stateId) {
        return ORDER.contains(stateId);
    }

    /** Position among the known states; unknown ones get ORDER.size() (place them with {@link StateOrder}). */
    public static int rank(String stateId) {
        int i = ORDER.indexOf(stateId);
        return i >= 0 ? i : ORDER.size();
    }
}
