package dev.watchkeeper.model.audit;

/** How a command ended, as written to the audit log. */
public enum AuditOutcome {
    /** Written just before the request goes out, so an attempt is on record even if the console dies. */
    SENDING,
    /** The observed state confirmed the command. */
    CONFIRMED,
    /** The coordinator answered and refused. */
    REJECTED,
    /** Not sent (coordinator unreachable) or not confirmed in time. */
    FAILED,
    /** The deadline passed after sending; the detail says what the state showed afterwards. */
    UNKNOWN,
    /** The coordinator does not implement the command, or the profile is read-only. */
    UNAVAILABLE,
    /** The operator cancelled a bulk run before this item was sent. */
    CANCELLED
}
