package dev.watchkeeper.app.detail;

import java.util.ArrayList;
import java.util.List;

/**
 * Progress samples of one indexer in primitive arrays (no object per sample): a ring that keeps at
 * most one sample per {@code spacingMillis}, the newest replacing a too-close predecessor.
 */
final class SampleRing {

    static final long NONE = Long.MIN_VALUE;

    private long[] at;
    private long[] height;
    private long[] queue;
    private int start;
    private int size;
    private long spacingMillis;

    SampleRing(int capacity, long spacingMillis) {
        at = new long[capacity];
        height = new long[capacity];
        queue = new long[capacity];
        this.spacingMillis = spacingMillis;
    }

    int capacity() {
        return at.length;
    }

    void add(long atMillis, long h, long q) {
        if (size > 0) {
            int last = (start + size - 1) % at.length;
            if (atMillis < at[last]) {
                return;
            }
            // Within the spacing of the sample before the last: the last one becomes this newer value.
            if (size > 1 && atMillis - at[(start + size - 2) % at.length] < spacingMillis) {
                at[last] = atMillis;
                height[last] = h;
                queue[last] = q;
                return;
            }
        }
        int slot;
        if (size < at.length) {
            slot = (start + size) % at.length;
            size++;
        } else {
            slot = start;
            start = (start + 1) % at.length;
        }
        at[slot] = atMillis;
        height[slot] = h;
        queue[slot] = q;
    }

    /** A copy with another capacity and spacing, keeping the newest samples. */
    SampleRing resized(int capacity, long spacing) {
        SampleRing r = new SampleRing(capacity, spacing);
        for (int i = Math.max(0, size - capacity); i < size; i++) {
            int k = (start + i) % at.length;
            r.add(at[k], height[k], queue[k]);
        }
        return r;
    }

    List<ProgressSample> since(long fromMillis) {
        List<ProgressSample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int k = (start + i) % at.length;
            if (at[k] >= fromMillis) {
                out.add(new ProgressSample(java.time.Instant.ofEpochMilli(at[k]),
                        height[k] == NONE ? null : height[k], queue[k] == NONE ? null : queue[k]));
            }
        }
        return out;
    }
}
