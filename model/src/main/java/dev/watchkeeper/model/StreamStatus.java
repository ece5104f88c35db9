package dev.watchkeeper.model;

/**
 * One block stream as the block streamer reports it.
 *
 * @param updatedAtSecs health.updated_at_timestamp_secs (0 when health is missing)
 */
public record StreamStatus(IndexerId id, String streamId, long version, StreamHealth health, long updatedAtSecs) {
}
