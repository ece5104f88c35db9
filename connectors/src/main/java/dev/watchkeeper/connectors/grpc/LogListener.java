package dev.watchkeeper.connectors.grpc;

import java.time.Instant;

/** Receives an indexer's log lines on a gRPC thread, in order. */
public interface LogListener {

    /** Log levels of the Logs rpc, lowest first. UNKNOWN stands for numbers this client does not know. */
    enum Level {
        TRACE, DEBUG, INFO, WARN, ERROR, UNKNOWN;

        static Level fromProtoNumber(int n) {
            return switch (n) {
                case 1 -> TRACE;
                case 2 -> DEBUG;
                case 3 -> INFO;
                case 4 -> WARN;
                case 5 -> ERROR;
                default -> UNKNOWN;
            };
        }

        int protoNumber() {
            return this == UNKNOWN ? 0 : ordinal() + 1;
        }
    }

    /** One line; blockHeight is 0 when the line is not about a block. */
    record Line(Instant at, Level level, String message, long blockHeight) {
    }

    void onLine(Line line);

    /** The stream ended: {@code failure} is null when the server closed it normally. */
    default void onEnded(CallFailure failure) {
    }
}
