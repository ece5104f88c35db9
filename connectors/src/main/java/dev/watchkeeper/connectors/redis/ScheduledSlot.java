package dev.watchkeeper.connectors.redis;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a self-scheduling task keeps its next run: one cancel stops the run scheduled and every
 * later one, and a loop that is closing cancels it rather than throwing at the scheduler.
 */
final class ScheduledSlot {

    private volatile ScheduledFuture<?> next;
    private volatile boolean cancelled;

    /** Schedules {@code run} after {@code delayNanos}, unless cancelled or the executor is closing. */
    void schedule(ScheduledExecutorService exec, Runnable run, long delayNanos) {
        if (cancelled || exec.isShutdown()) {
            return;
        }
        try {
            next = exec.schedule(run, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            cancelled = true; // the loop is closing
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
        ScheduledFuture<?> n = next;
        if (n != null) {
            n.cancel(false);
        }
    }
}
