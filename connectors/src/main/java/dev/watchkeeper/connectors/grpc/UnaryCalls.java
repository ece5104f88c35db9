package dev.watchkeeper.connectors.grpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.watchkeeper.connectors.Backoff;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one unary call with a deadline and the retry policy, mapping the answer and classifying
 * failures as {@link CallFailure}. Shared by every client so the rules cannot drift apart.
 */
final class UnaryCalls {

    /** Who is called and how failures read. */
    record Target(String label, Duration deadline, String unimplementedMeaning, SourceTracker tracker) {
        void trackerConfirm() {
            if (tracker != null) {
                tracker.confirmed();
            }
        }
    }

    private UnaryCalls() {
    }

    /**
     * @param attempt starts one attempt with the given remaining deadline (the stub's withDeadlineAfter)
     */
    static <R, T> CompletableFuture<T> call(Target target, String what, RetryPolicy policy,
                                            Function<Duration, ListenableFuture<R>> attempt, Function<R, T> map) {
        CompletableFuture<T> out = new CompletableFuture<>();
        long deadlineAt = System.nanoTime() + target.deadline().toNanos();
        Backoff backoff = new Backoff(policy.initialBackoff(), policy.maxBackoff());
        run(target, what, policy, attempt, map, out, deadlineAt, backoff, 1);
        return out;
    }

    private static <R, T> void run(Target target, String what, RetryPolicy policy, Function<Duration, ListenableFuture<R>> attempt,
                                   Function<R, T> map, CompletableFuture<T> out, long deadlineAt, Backoff backoff, int n) {
        if (out.isDone()) {
            return;
        }
        long remaining = deadlineAt - System.nanoTime();
        ListenableFuture<R> future = attempt.apply(Duration.ofNanos(Math.max(remaining, 1)));
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                future.cancel(true);
            }
        });
        Futures.addCallback(future, new FutureCallback<>() {
            @Override
            public void onSuccess(R result) {
                target.trackerConfirm();
                try {
                    out.complete(map.apply(result));
                } catch (RuntimeException e) {
                    out.completeExceptionally(new CallFailure(CallFailure.Kind.REJECTED, io.grpc.Status.Code.INTERNAL,
                            target.label() + " sent an unreadable answer to " + what + ": " + e.getMessage(), e));
                }
            }

            @Override
            public void onFailure(Throwable t) {
                CallFailure failure = CallFailure.from(t, what, target.label(), target.deadline(), target.unimplementedMeaning());
                if (failure.kind() == CallFailure.Kind.REFUSED && target.tracker() != null) {
                    target.tracker().refused(failure.getMessage());
                }
                if (failure.kind() == CallFailure.Kind.UNREACHABLE && n < policy.maxAttempts()) {
                    long delay = backoff.next().toNanos();
                    // retry only when the attempt after the pause still has a useful share of the deadline
                    if (deadlineAt - System.nanoTime() - delay > TimeUnit.MILLISECONDS.toNanos(50)) {
                        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS)
                                .execute(() -> run(target, what, policy, attempt, map, out, deadlineAt, backoff, n + 1));
                        return;
                    }
                }
                out.completeExceptionally(failure);
            }
        }, MoreExecutors.directExecutor());
    }
}
