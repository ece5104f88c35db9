package dev.watchkeeper.connectors.grpc;

import java.time.Duration;

/**
 * When a unary call may be sent again. Only UNAVAILABLE (never reached a server) is retried, with
 * exponential backoff and jitter, at most {@code maxAttempts} times and always within the call's
 * overall deadline. Destructive or non-idempotent commands use {@link #NEVER}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** One attempt only: Delete and Repair (their effect must never be doubled behind the operator's back). */
    public static final RetryPolicy NEVER = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /** Reads and the idempotent Enable/Disable. */
    public static final RetryPolicy IDEMPOTENT = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }
}
