package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One command over many indexers: items are sent in order, at most {@code concurrency} at a time
 * (a slot frees when an item's outcome is known), and never retried. {@link #cancel()} stops
 * sending further items; items already sent are still followed to their outcome. Items never sent
 * end CANCELLED and are audited as such in one entry.
 */
public final class BulkCommandRun {

    /** Hears each item's progress and outcome, on runner threads. */
    public interface Listener {
        default void progress(IndexerId id, CommandProgress progress) {
        }

        void finished(IndexerId id, CommandOutcome outcome);
    }

    private final CommandRunner runner;
    private final CommandKind kind;
    private final List<IndexerId> targets;
    private final String reason;
    private final int concurrency;
    private final Listener listener;
    private final Map<IndexerId, CommandOutcome> outcomes = new LinkedHashMap<>();
    private final CompletableFuture<Map<IndexerId, CommandOutcome>> done = new CompletableFuture<>();
    private int next;
    private int inFlight;
    private boolean cancelled;
    private boolean started;

    public BulkCommandRun(CommandRunner runner, CommandKind kind, List<IndexerId> targets, String reason,
                          int concurrency, Listener listener) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        this.runner = runner;
        this.kind = kind;
        this.targets = List.copyOf(targets);
        this.reason = reason;
        this.concurrency = concurrency;
        this.listener = listener;
    }

    /** Starts sending; the future completes with every item's outcome, in target order. */
    public CompletableFuture<Map<IndexerId, CommandOutcome>> start() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            started = true;
        }
        // the caller is often the FX thread, and every item begins with an audit entry synced to
        // disk: send from a thread of our own
        Thread.ofVirtual().name("bulk-" + kind.name().toLowerCase(java.util.Locale.ROOT)).start(this::pump);
        return done;
    }

    /** Sends no further items. Returns how many will not be sent. */
    public int cancel() {
        List<IndexerId> notSent;
        synchronized (this) {
            if (cancelled || next >= targets.size()) {
                cancelled = true;
                return 0;
            }
            cancelled = true;
            notSent = new ArrayList<>(targets.subList(next, targets.size()));
            next = targets.size();
        }
        // audited (synced to disk) off the caller's thread, like the sends
        Thread.ofVirtual().name("bulk-cancel").start(() -> {
            CommandOutcome c = new CommandOutcome(CommandOutcome.Status.CANCELLED, "cancelled before sending", null);
            try {
                runner.recordCancelled(kind, notSent, reason);
            } catch (RuntimeException e) {
                c = new CommandOutcome(CommandOutcome.Status.CANCELLED, "cancelled before sending (audit log not written: " + e.getMessage() + ")", null);
            }
            for (IndexerId id : notSent) {
                finish(id, c);
            }
        });
        return notSent.size();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    public List<IndexerId> targets() {
        return targets;
    }

    private void pump() {
        while (true) {
            IndexerId id;
            synchronized (this) {
                if (cancelled || next >= targets.size() || inFlight >= concurrency) {
                    break;
                }
                id = targets.get(next++);
                inFlight++;
            }
            runner.run(kind, id, reason, p -> listener.progress(id, p))
                    .exceptionally(e -> new CommandOutcome(CommandOutcome.Status.FAILED, String.valueOf(e.getMessage()), null))
                    .thenAccept(o -> {
                        synchronized (this) {
                            inFlight--;
                        }
                        finish(id, o);
                        pump();
                    });
        }
        synchronized (this) {
            if (targets.isEmpty() && !done.isDone()) {
                done.complete(Map.of());
            }
        }
    }

    private void finish(IndexerId id, CommandOutcome o) {
        listener.finished(id, o);
        Map<IndexerId, CommandOutcome> all = null;
        synchronized (this) {
            outcomes.put(id, o);
            if (outcomes.size() == targets.size()) {
                all = new LinkedHashMap<>();
                for (IndexerId t : targets) {
                    all.put(t, outcomes.get(t));
                }
            }
        }
        if (all != null) {
            done.complete(all);
        }
    }
}
