package dev.watchkeeper.app.audit;

import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit log as the Audit view shows it: entries newest first, re-read off the FX thread
 * whenever the file grows (the CLI and other consoles append to the same file), and the result of
 * the last chain verification.
 */
public final class AuditViewModel implements AutoCloseable {

    private final AuditLog log;
    private final Clock clock;
    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper verification = new ReadOnlyStringWrapper(this, "verification", "");
    private final ReadOnlyObjectWrapper<Instant> readAt = new ReadOnlyObjectWrapper<>(this, "readAt");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-view");
        t.setDaemon(true);
        return t;
    });
    private long lastSize = -1;

    public AuditViewModel(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Starts following the file (checks its size every {@code periodMillis}). */
    public AuditViewModel start(long periodMillis) {
        io.scheduleWithFixedDelay(this::reloadIfGrown, 0, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    public ObservableList<AuditEntry> entries() {
        return entries;
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
        io.execute(() -> {
            String result;
            try {
                result = log.verify().summary();
            } catch (RuntimeException e) {
                result = "Cannot verify: " + e.getMessage();
            }
            String shown = result;
            Platform.runLater(() -> verification.set(shown));
        });
    }

    private void reloadIfGrown() {
        try {
            long size = log.size();
            Instant now = clock.instant();
            if (size == lastSize) {
                Platform.runLater(() -> readAt.set(now));
                return;
            }
            List<AuditEntry> read = new ArrayList<>(log.read(null));
            Collections.reverse(read);
            lastSize = size;
            Platform.runLater(() -> {
                entries.setAll(read);
                readAt.set(now);
                problem.set(null);
            });
        } catch (RuntimeException e) {
            String why = e.getMessage();
            Platform.runLater(() -> problem.set(why));
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
