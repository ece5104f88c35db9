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
}
