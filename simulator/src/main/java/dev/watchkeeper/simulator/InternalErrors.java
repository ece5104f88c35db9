package dev.watchkeeper.simulator;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** An unexpected failure in a handler (e.g. Redis down while writing) answers INTERNAL with its message, as upstream does. */
final class InternalErrors implements ServerInterceptor {

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException e) {
                    call.close(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())), new Metadata());
                }
            }
        };
    }
}
