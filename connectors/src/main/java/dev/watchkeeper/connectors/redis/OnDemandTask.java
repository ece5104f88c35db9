package dev.watchkeeper.connectors.redis;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task run when asked, a short delay after the first ask: asks that arrive while a run is due
 * join it, and an ask after a run has started gets a run of its own, so nothing asked for is left
 * waiting. Nothing runs while nobody asks, so an idle source costs no wake-ups; under a steady
 * stream of asks the runs follow each other at about the delay, which coalesces a burst of
 * notifications into one read.
 */
final class OnDemandTask {

    private final ScheduledExecutorService exec;
    private final long delayNanos;
    private final Runnable task;
    private final AtomicBoolean due = new AtomicBoolean();
    private final ScheduledSlot slot = new ScheduledSlot();

    OnDemandTask(ScheduledExecutorService exec, java.time.Duration delay, Runnable task) {
        this.exec = exec;
        this.delayNanos = delay.toNanos();
        this.task = task;
    }

    /** Asks for a run; from any thread, cheap when one is already due. */
    void ask() {
        if (slot.cancelled() || !due.compareAndSet(false, true)) {
            return;
        }
        slot.schedule(exec, this::run, delayNanos);
    }

    /** Stops the run that is due and every later ask. */
    void cancel() {
        slot.cancel();
    }

    private void run() {
        if (slot.cancelled()) {
            return;
        }
        // cleared before the task drains what was asked for: an ask from now on is after the drain began
        due.set(false);
        task.run();
    }
}
