package dev.watchkeeper.history;

import java.util.Arrays;

/**
 * The numbers read last of each indexer, by its stored id and column: a change read next takes the
 * same Long for a number that did not change (a change alters a part or two of a record, and a
 * cursor keeps hundreds of thousands of them). Held in arrays: looking up the record before by
 * name, and its boxes, cost a scrub step more than the objects they saved.
 */
final class LastNumbers {

    /** synced_at, stream_updated_s, last_block, queue_depth. */
    static final int COLUMNS = 4;

    private long[][] values = new long[COLUMNS][0];
    private Long[][] boxes = new Long[COLUMNS][0];

    /** {@code v}, boxed: the Long held for the indexer and column when it is the same number. */
    Long share(int column, long id, long v) {
        if (id < 0 || id >= HistoryStore.DENSE_NAMES) {
            return v;
        }
        int at = (int) id;
        if (at >= boxes[column].length) {
            grow(at);
        }
        Long held = boxes[column][at];
        if (held != null && values[column][at] == v) {
            return held;
        }
        Long box = v;
        values[column][at] = v;
        boxes[column][at] = box;
        return box;
    }

    private void grow(int at) {
        int capacity = (int) Math.min(HistoryStore.DENSE_NAMES, Math.max(at + 1, 2L * boxes[0].length));
        for (int c = 0; c < COLUMNS; c++) {
            values[c] = Arrays.copyOf(values[c], capacity);
            boxes[c] = Arrays.copyOf(boxes[c], capacity);
        }
    }
}
