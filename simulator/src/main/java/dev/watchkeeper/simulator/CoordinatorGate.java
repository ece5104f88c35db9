package dev.watchkeeper.simulator;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.time.Duration;

/**
 * Makes the simulated coordinator slow (every call waits first) or, on a shared port, dead
 * (every call answers UNAVAILABLE). A fault the tests and the soak inject, not an upstream
 * behaviour: it stands for a hung or crashed coordinator process. Calls run on gRPC's application executor, so waiting there
 * does not block the transport.
 */
final class CoordinatorGate implements ServerInterceptor {

    private volatile Duration delay = Duration.ZERO;
    private volatile boolean down;

    void delay(Duration d) {
        delay = d == null || d.isNegative() ? Duration.ZERO : d;
    }

    Duration delay() {
        return delay;
    }

    void down(boolean isDown) {
        down = isDown;
    }

    boolean isDown() {
        return down;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (down) {
            call.close(Status.UNAVAILABLE.withDescription("coordinator is down"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return next.startCall(call, headers);
    }
}
