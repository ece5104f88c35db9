package dev.watchkeeper.model.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit log: who ran which command on what, why, and how it ended.
 *
 * @param time         when the entry was written
 * @param user         the operating-system user running the console or CLI
 * @param profile      the connection profile's name (never its addresses' credentials)
 * @param command      the command's label (Suspend, Delete, ...)
 * @param targets      the indexers' full names
 * @param reason       why the operator ran it; empty when none was asked for
 * @param outcome      SENDING, CONFIRMED, REJECTED, FAILED, UNKNOWN, UNAVAILABLE or CANCELLED (see {@link AuditOutcome})
 * @param detail       what was observed (state, error), for a human
 * @param previousHash SHA-256 hex of the previous line of the log; set by {@link AuditLog#append}
 */
public record AuditEntry(Instant time, String user, String profile, String command, List<String> targets,
                         String reason, String outcome, String detail, String previousHash) {

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        targets = List.copyOf(targets);
        user = nullToEmpty(user);
        profile = nullToEmpty(profile);
        command = nullToEmpty(command);
        reason = nullToEmpty(reason);
        outcome = nullToEmpty(outcome);
        detail = nullToEmpty(detail);
        previousHash = nullToEmpty(previousHash);
    }

    /** An entry to append; the log fills in the hash chain. */
    public static AuditEntry draft(Instant time, String user, String profile, String command, List<String> targets,
                                   String reason, AuditOutcome outcome, String detail) {
        return new AuditEntry(time, user, profile, command, targets, reason, outcome.name(), detail, "");
    }

    AuditEntry withPreviousHash(String hash) {
        return new AuditEntry(time, user, profile, command, targets, reason, outcome, detail, hash);
    }

    AuditEntry redacted() {
        return new AuditEntry(time, Secrets.redact(user), Secrets.redact(profile), command,
                targets.stream().map(Secrets::redact).toList(), Secrets.redact(reason), outcome, Secrets.redact(detail), previousHash);
    }

    /** This entry as the audit log writes it: one line of JSON. */
    public String toJson() {
        return AuditJson.write(this);
    }

    /** The current operating-system user, as the audit log records it. */
    public static String currentUser() {
        String u = System.getProperty("user.name");
        return u == null || u.isBlank() ? "unknown" : u;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
