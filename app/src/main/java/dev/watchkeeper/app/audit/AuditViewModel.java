package dev.watchkeeper.app.audit;

import dev.watchkeeper.app.ui.BackgroundTask;
import dev.watchkeeper.app.ui.TaskExecutor;

import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The audit log as the Audit view shows it: entries newest first, re-read off the FX thread
 * whenever the file grows (the CLI and other consoles append to the same file), and the result of
 * the last chain verification. Only the newest {@link #MAX_SHOWN} entries are held (a console open
 * all day must not grow with every command ever sent); the file keeps them all.
 */
public final class AuditViewModel implements AutoCloseable {

    /** Entries held for the view at most: the newest ones. */
    public static final int MAX_SHOWN = 5_000;

    private final AuditLog log;
    private final Clock clock;
    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper verification = new ReadOnlyStringWrapper(this, "verification", "");
    private final ReadOnlyObjectWrapper<Instant> readAt = new ReadOnlyObjectWrapper<>(this, "readAt");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final javafx.beans.property.ReadOnlyIntegerWrapper total = new javafx.beans.property.ReadOnlyIntegerWrapper(this, "total");
    private final TaskExecutor tasks;
    private AutoCloseable following = () -> { };
    /** Only touched by the reading task (one at a time). */
    private long lastSize = -1;

    /** What one look at the file found: the entries, newest first, or null when it has not grown. */
    private record Read(Instant at, List<AuditEntry> entries, int total) {
    }

    public AuditViewModel(AuditLog log, Clock clock) {
        this(log, clock, TaskExecutor.fx());
    }

    public AuditViewModel(AuditLog log, Clock clock, TaskExecutor tasks) {
        this.log = log;
        this.clock = clock;
        this.tasks = tasks;
    }

    /** Starts following the file (checks its size every {@code periodMillis}). */
    public AuditViewModel start(long periodMillis) {
        following = tasks.every(Duration.ofMillis(periodMillis), BackgroundTask.wrap("audit-read", this::readIfGrown)
                .onSuccess(r -> {
                    if (r.entries() != null) {
                        entries.setAll(r.entries());
                        total.set(r.total());
                        problem.set(null);
                    }
                    readAt.set(r.at());
                })
                .onFailure(e -> problem.set(e.getMessage())));
        return this;
    }

    public ObservableList<AuditEntry> entries() {
        return entries;
    }

    /** Entries in the file at the last read (more than {@link #entries()} holds when over {@link #MAX_SHOWN}). */
    public javafx.beans.property.ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty verificationProperty() {
        return verification.getReadOnlyProperty();
    }

    /** When the file was last read (the view's data age). */
    public ReadOnlyObjectProperty<Instant> readAtProperty() {
        return readAt.getReadOnlyProperty();
    }

    /** Why the file cannot be read, null when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public AuditLog log() {
        return log;
    }

    /** Verifies the hash chain off the FX thread and shows the result. */
    public void verify() {
        verification.set("Verifying…");
        BackgroundTask.wrap("audit-verify", () -> log.verify().summary())
                .onSuccess(verification::set)
                .onFailure(e -> verification.set("Cannot verify: " + e.getMessage()))
                .executeWith(tasks);
    }

    private Read readIfGrown() {
        long size = log.size();
        Instant now = clock.instant();
        if (size == lastSize) {
            return new Read(now, null, 0);
        }
        List<AuditEntry> all = log.read(null);
        List<AuditEntry> read = new ArrayList<>(all.subList(Math.max(0, all.size() - MAX_SHOWN), all.size()));
        Collections.reverse(read);
        lastSize = size;
        return new Read(now, read, all.size());
    }

    @Override
    public void close() {
        try {
            following.close();
        } catch (Exception e) {
            problem.set(e.getMessage());
        }
    }
}
