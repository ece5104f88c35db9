package dev.watchkeeper.history;

import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Brings commands into the history from the audit log the console and the CLI write before sending
 * and when a command ends: the headless recorder sees every command run on this machine for its
 * profile, whoever ran it. Resumes after the last command the store holds.
 */
public final class AuditImport {

    private final AuditLog log;
    private final String profile;
    private final HistoryRecorder recorder;
    private Instant last;

    /** @param profile only entries written for this profile (null: entries written without one) */
    public AuditImport(AuditLog log, String profile, HistoryRecorder recorder) {
        this.log = log;
        this.profile = profile == null ? "" : profile;
        this.recorder = recorder;
        this.last = new HistoryQueries(recorder.store()).lastCommandAt();
    }

    /** Hands entries newer than the last one imported to the recorder; returns how many. */
    public synchronized int importNew() {
        int n = 0;
        for (AuditEntry e : log.read(last)) {
            // the store keeps milliseconds: compare at that precision so a restart does not import the last entry again
            Instant t = e.time().truncatedTo(ChronoUnit.MILLIS);
            if (last == null || t.isAfter(last)) {
                if (Objects.equals(e.profile(), profile)) {
                    recorder.onCommand(e);
                    n++;
                }
                last = t;
            }
        }
        return n;
    }
}
