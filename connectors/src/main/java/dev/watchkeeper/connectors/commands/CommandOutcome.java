package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.model.audit.AuditOutcome;

/**
 * How one command on one indexer ended.
 *
 * @param status   the class of outcome
 * @param detail   for the operator: the refusal, the error, or what state was observed
 * @param observed the lifecycle text last observed for the indexer (null when never observed)
 */
public record CommandOutcome(Status status, String detail, String observed) {

    public enum Status {
        /** The observed state confirmed the command. */
        CONFIRMED,
        /** The coordinator refused it. */
        REJECTED,
        /** Not sent (unreachable, audit log unwritable) or not confirmed within the time allowed. */
        FAILED,
        /** The deadline passed after sending; the detail says what the state showed afterwards. */
        UNKNOWN,
        /** The coordinator does not implement it, or the profile is read-only. */
        UNAVAILABLE,
        /** A bulk run was cancelled before this item was sent. */
        CANCELLED
    }

    public boolean confirmed() {
        return status == Status.CONFIRMED;
    }

    public AuditOutcome auditOutcome() {
        return AuditOutcome.valueOf(status.name());
    }

    /** One line for a table cell or a terminal. */
    public String summary() {
        String s = switch (status) {
            case CONFIRMED -> "confirmed";
            case REJECTED -> "rejected";
            case FAILED -> "failed";
            case UNKNOWN -> "outcome unknown";
            case UNAVAILABLE -> "unavailable";
            case CANCELLED -> "cancelled (not sent)";
        };
        return detail == null || detail.isBlank() ? s : s + ": " + detail;
    }
}
