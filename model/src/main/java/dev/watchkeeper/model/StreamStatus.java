package dev.watchkeeper.model;

import java.util.Objects;

/**
 * One block stream as the block streamer reports it.
 *
 * @param updatedAtSecs health.updated_at_timestamp_secs (0 when health is missing)
 */
public record StreamStatus(IndexerId id, String streamId, long version, StreamHealth health, long updatedAtSecs) {

    // written out (the same result as a record's own): compared for every listed stream on the FX
    // thread, where the generated method-handle version showed in the scrub profiles
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof StreamStatus s && health == s.health && updatedAtSecs == s.updatedAtSecs
                && version == s.version && Objects.equals(streamId, s.streamId) && Objects.equals(id, s.id);
    }

    @Override
    public int hashCode() {
        return (((Objects.hashCode(id) * 31 + Objects.hashCode(streamId)) * 31 + Long.hashCode(version)) * 31 + Objects.hashCode(health)) * 31
                + Long.hashCode(updatedAtSecs);
    }
}
