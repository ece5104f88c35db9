package dev.watchkeeper.history;

import java.time.Instant;

/**
 * How a recorder is keeping up, for a status line: never silent about loss.
 *
 * @param recorded   events committed to the store
 * @param dropped    events lost because the queue was full or a batch could not be written
 * @param queued     events waiting for the disk
 * @param lastCommit when the last batch was committed, null before the first
 * @param lastError  the last write failure, null when the last write succeeded
 */
public record RecorderStats(long recorded, long dropped, int queued, Instant lastCommit, String lastError) {
}
