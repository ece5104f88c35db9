package dev.watchkeeper.model;

import java.util.Objects;

/** One executor as the runner reports it. */
public record ExecutorStatus(IndexerId id, String executorId, long version, ExecutorHealth health) {

    // written out (the same result as a record's own), as StreamStatus's
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ExecutorStatus e && health == e.health && version == e.version
                && Objects.equals(executorId, e.executorId) && Objects.equals(id, e.id);
    }

    @Override
    public int hashCode() {
        return ((Objects.hashCode(id) * 31 + Objects.hashCode(executorId)) * 31 + Long.hashCode(version)) * 31 + Objects.hashCode(health);
    }
}
