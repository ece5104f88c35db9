package dev.watchkeeper.connectors.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;

/** A failed gRPC call, classified for the operator. */
public final class CallFailure extends RuntimeException {

    /** What the failure means for the command's outcome. */
    public enum Kind {
        /** The server answered and refused (bad argument, not found, internal error). */
        REJECTED,
        /** The server does not implement the call (e.g. an upstream coordinator and our extension). */
        UNIMPLEMENTED,
        /** Never reached the server: nothing happened. */
        UNREACHABLE,
        /** The deadline passed after sending: the command may or may not have taken effect. */
        OUTCOME_UNKNOWN,
        /** Authentication or TLS trouble. */
        REFUSED
    }

    private final Kind kind;
    private final Status.Code code;

    public CallFailure(Kind kind, Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public Status.Code code() {
        return code;
    }

    /** Classifies a gRPC error from calling {@code what} on {@code endpoint}. */
    public static CallFailure from(Throwable t, String what, String endpoint, Duration deadline) {
        return from(t, what, endpoint, deadline, "an upstream coordinator has no operator extension");
    }

    /**
     * Classifies a gRPC error from calling {@code what} on {@code endpoint}; {@code unimplementedMeaning}
     * says what an UNIMPLEMENTED answer tells the operator. Messages never contain credentials.
     */
    public static CallFailure from(Throwable t, String what, String endpoint, Duration deadline, String unimplementedMeaning) {
        if (t instanceof CallFailure cf) {
            return cf;
        }
        Throwable cause = t;
        while (!(cause instanceof StatusRuntimeException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (!(cause instanceof StatusRuntimeException sre)) {
            return new CallFailure(Kind.OUTCOME_UNKNOWN, Status.Code.UNKNOWN, what + " failed: " + t.getMessage(), t);
        }
        Status status = sre.getStatus();
        String tls = TlsProblem.describe(status.getCause(), endpoint);
        if (tls != null && status.getCode() == Status.Code.UNAVAILABLE) {
            return new CallFailure(Kind.REFUSED, status.getCode(), tls, t);
        }
        String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
        return switch (status.getCode()) {
            case UNIMPLEMENTED -> new CallFailure(Kind.UNIMPLEMENTED, status.getCode(),
                    endpoint + " does not implement " + what + " (" + unimplementedMeaning + ")", t);
            case UNAVAILABLE -> new CallFailure(Kind.UNREACHABLE, status.getCode(),
                    endpoint + " is unreachable" + detail, t);
            case DEADLINE_EXCEEDED -> new CallFailure(Kind.OUTCOME_UNKNOWN, status.getCode(),
                    endpoint + " did not answer " + what + " within " + deadline.toMillis() / 1000.0 + " s; outcome unknown", t);
            case UNAUTHENTICATED, PERMISSION_DENIED -> new CallFailure(Kind.REFUSED, status.getCode(),
                    endpoint + " refused " + what + " (" + status.getCode() + detail + ")", t);
            case CANCELLED -> new CallFailure(Kind.OUTCOME_UNKNOWN, status.getCode(), what + " was cancelled; outcome unknown", t);
            case NOT_FOUND -> new CallFailure(Kind.REJECTED, status.getCode(), "indexer not found" + detail, t);
            case INVALID_ARGUMENT -> new CallFailure(Kind.REJECTED, status.getCode(), "invalid request" + detail, t);
            default -> new CallFailure(Kind.REJECTED, status.getCode(), what + " failed (" + status.getCode() + detail + ")", t);
        };
    }
}
