package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.regex.Pattern;

/** Upstream's request validation and error answers, shared by every simulated service. */
final class Requests {

    /** NEAR account ID rules: 2-64 chars of lowercase letters, digits and -_. separators. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("^(([a-z\\d]+[-_])*[a-z\\d]+\\.)*([a-z\\d]+[-_])*[a-z\\d]+$");

    private Requests() {
    }

    /** The indexer named, or null after answering INVALID_ARGUMENT "Invalid account ID". */
    static IndexerId indexer(String account, String function, StreamObserver<?> out) {
        if (account.length() < 2 || account.length() > 64 || !ACCOUNT_ID.matcher(account).matches()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("Invalid account ID").asRuntimeException());
            return null;
        }
        return new IndexerId(account, function);
    }

    static void notFound(StreamObserver<?> out) {
        out.onError(Status.NOT_FOUND.withDescription("Indexer not found").asRuntimeException());
    }

    /** Answers INTERNAL for an unexpected failure, as upstream does. */
    static void internal(StreamObserver<?> out, RuntimeException e) {
        out.onError(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).asRuntimeException());
    }
}
