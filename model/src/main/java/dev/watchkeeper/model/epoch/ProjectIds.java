package dev.watchkeeper.model.epoch;

import dev.watchkeeper.model.IndexerId;

/**
 * Reads pooler project IDs ({@code {type}:{source or hash}:{namespace}}). Projects that belong to
 * a QueryAPI indexer carry it as the middle part: {@code indexer_blocks:morgs.near/social_feed:QUERYAPI}.
 */
public final class ProjectIds {

    private ProjectIds() {
    }

    /**
     * The indexer named by the part between the first and the last ':', or null when that part
     * is missing or is not {@code account/function} (e.g. a contract address or a hash).
     */
    public static IndexerId indexerOf(String projectId) {
        if (projectId == null) {
            return null;
        }
        int first = projectId.indexOf(':');
        int last = projectId.lastIndexOf(':');
        if (first < 0 || last <= first) {
            return null;
        }
        String middle = projectId.substring(first + 1, last);
        if (middle.indexOf('/') < 0) {
            return null;
        }
        try {
            return IndexerId.parse(middle);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The project type (text before the first ':'), or the whole ID when it has none. */
    public static String typeOf(String projectId) {
        int first = projectId.indexOf(':');
        return first < 0 ? projectId : projectId.substring(0, first);
    }

    /**
     * Whether a hash field names a batch build rather than a project: when a bulk-mode build of a
     * whole task type fails, upstream writes SNAPSHOT_BUILD's field as {@code {task_type}:{namespace}}
     * (PowerLoom/pooler snapshotter/utils/snapshot_worker.py, {@code _process_bulk_mode}). Project IDs
     * have three parts ({@code {type}:{source or hash}:{namespace}}) and PRELOAD fields one.
     */
    public static boolean isBatchBuild(String stateId, String field) {
        if (field == null || EpochStates.PRELOAD.equals(stateId)) {
            return false;
        }
        int colon = field.indexOf(':');
        return colon > 0 && colon < field.length() - 1 && field.indexOf(':', colon + 1) < 0;
    }
}
