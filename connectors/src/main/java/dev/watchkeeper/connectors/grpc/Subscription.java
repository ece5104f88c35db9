package dev.watchkeeper.connectors.grpc;

/** A running server stream (Watch, Logs); cancel it to stop receiving and free the call. */
public interface Subscription extends AutoCloseable {

    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
