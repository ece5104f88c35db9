package dev.watchkeeper.model.epoch;

/**
 * One project's entry in an {@code epochID:{e}:stateID:{S}:processingStatus} hash.
 *
 * @param projectId   hash field: project ID (project type for PRELOAD)
 * @param stateId     the state ID from the key, unknown ones included
 * @param status      SUCCESS, FAILED, or UNKNOWN when unreadable/other
 * @param error       error text; null when none ("" from some writers counts as none)
 * @param timestamp   UNIX seconds, null when missing or absurd
 * @param snapshotCid extra.snapshot_cid on SNAPSHOT_FINALIZE, else null
 * @param rawJson     the raw value, for inspection
 * @param problem     why (part of) the value is unreadable, null when fine
 */
public record StateUpdate(String projectId, String stateId, Status status, String error, Long timestamp,
                          String snapshotCid, String rawJson, String problem) {

    public enum Status { SUCCESS, FAILED, UNKNOWN }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
