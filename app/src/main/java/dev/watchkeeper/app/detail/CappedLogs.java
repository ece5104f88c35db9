package dev.watchkeeper.app.detail;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Per-indexer logs (oldest first) under two caps: each log keeps at most {@code perLog} items, and
 * all logs together at most {@code total} plus each log's newest item. Beyond the total the
 * oldest pushes go first, whichever indexer they belong to, so memory stays bounded however many
 * indexers change however often; what is dropped here is the history store's to keep.
 *
 * <p>Every push leaves one reference to its log in a global queue; when the queue is over the
 * total, its head's log loses its oldest item (never its newest). Each log then holds at most one
 * item more than it has references in the queue, so the items held are at most the total plus one
 * per log, and the queue costs one reference per item. Runs on one thread (the FX thread).
 */
final class CappedLogs<T> {

    /** One indexer's log. */
    static final class Log<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>(2);

        List<T> items() {
            return List.copyOf(items);
        }

        int size() {
            return items.size();
        }
    }

    private final int perLog;
    private final int total;
    private final ArrayDeque<Log<T>> pushes = new ArrayDeque<>();
    private long held;

    CappedLogs(int perLog, int total) {
        if (perLog < 1 || total < 1) {
            throw new IllegalArgumentException("caps must be positive: " + perLog + ", " + total);
        }
        this.perLog = perLog;
        this.total = total;
    }

    void push(Log<T> log, T item) {
        log.items.addLast(item);
        held++;
        pushes.addLast(log);
        if (log.items.size() > perLog) {
            log.items.removeFirst();
            held--;
        }
        while (pushes.size() > total) {
            Log<T> oldest = pushes.removeFirst();
            if (oldest.items.size() > 1) {
                oldest.items.removeFirst();
                held--;
            }
        }
    }

    /**
     * Replaces a log's items (oldest first, the newest {@code perLog} kept), e.g. with what the
     * history store recorded before this session: those come in without a place in the global
     * queue, so they stay while their log is open and count in {@link #held()}.
     */
    void replace(Log<T> log, List<T> replacement) {
        held -= log.items.size();
        log.items.clear();
        int from = Math.max(0, replacement.size() - perLog);
        log.items.addAll(replacement.subList(from, replacement.size()));
        held += log.items.size();
    }

    /** Items held in all logs together. */
    long held() {
        return held;
    }
}
