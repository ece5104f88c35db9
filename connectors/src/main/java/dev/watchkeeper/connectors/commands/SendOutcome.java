package dev.watchkeeper.connectors.commands;

/**
 * What the coordinator answered to one command request. Only ACCEPTED means the command may now
 * take effect; whether it did is decided by the state observed afterwards.
 *
 * @param kind    the class of answer
 * @param message the coordinator's message or the error, for the operator
 */
public record SendOutcome(Kind kind, String message) {

    public enum Kind {
        /** The coordinator accepted the request. */
        ACCEPTED,
        /** The coordinator answered and refused (not found, invalid, success=false, internal error). */
        REJECTED,
        /**
         * The coordinator does not implement this command (upstream coordinator, no operator
         * extension), or this session is read-only: nothing was sent.
         */
        UNIMPLEMENTED,
        /** The coordinator could not be reached: nothing was sent. */
        NOT_SENT,
        /** Sent, but no answer within the deadline: it may or may not take effect. */
        UNKNOWN
    }

    public static SendOutcome accepted(String message) {
        return new SendOutcome(Kind.ACCEPTED, message);
    }
}
