package dev.watchkeeper.app.history;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.history.AuditImport;
import dev.watchkeeper.history.HistoryRecorder;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.RecorderSettings;
import dev.watchkeeper.history.RecorderStats;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.history.WindowQueries;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.epoch.EpochWindow;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A session's history store: the console records what it observes into the profile's store (the
 * one {@code watchkeeper record} writes) unless another recorder is writing it right now, in which
 * case it only reads (two recorders of one fleet would record every change twice). Commands reach
 * the store from the audit log, as the headless recorder takes them, so a command's every outcome
 * is recorded whoever ran it on this machine.
 * <p>
 * Opening the store (a schema migration) and every write run on this class's own thread; the
 * listener methods only hand events over. Events that arrive while the store is still opening wait
 * in a bounded list and are recorded once it is open; beyond the bound they are dropped and counted.
 */
public final class SessionHistory implements ControlPlaneListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHistory.class);
    /** Events held while the store opens; more are dropped and counted. */
    static final int OPENING_BACKLOG = 10_000;
    private static final Duration AUDIT_POLL = Duration.ofSeconds(2);

    /** What the console does with the store, for the history bar. */
    public record Status(Mode mode, String text, long dropped) {
    }

    public enum Mode { OPENING, RECORDING, READING, FAILED }

    private final StoreLocation location;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watchkeeper-session-history");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyObjectWrapper<Status> status;
    private final List<Consumer<ControlPlaneListener>> backlog = new ArrayList<>();
    private long backlogDropped;
    private volatile HistoryStore store;
    private volatile HistoryRecorder recorder;
    private volatile boolean open;
    private volatile boolean closed;
    private String readingBecause;
    private final List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Starts opening the store in the background.
     *
     * @param audit   where the console's commands are audited; each entry of {@code profile} is recorded
     * @param record  false: only read (e.g. a test's store another recorder fills)
     */
    public SessionHistory(StoreLocation location, AuditLog audit, String profile, boolean record, Clock clock) {
        this.location = location;
        this.clock = clock;
        this.status = new ReadOnlyObjectWrapper<>(this, "status", new Status(Mode.OPENING, "opening history " + location.display(), 0));
        thread.execute(() -> open(audit, profile, record));
    }

    /** The store for {@code profile} as the command line resolves it ({@value StoreLocation#URL_VARIABLE}, else the profile's file). */
    public static StoreLocation locationFor(String profile) {
        return StoreLocation.resolve(null, profile, System::getenv);
    }

    private void open(AuditLog audit, String profile, boolean record) {
        try {
            HistoryStore s = HistoryStore.open(location);
            store = s;
            String live = new WindowQueries(s).liveRecorder(clock.instant());
            readingBecause = !record ? "reading only" : live != null ? "read only: the recorder on " + live + " writes it" : null;
            HistoryRecorder r = record && live == null && !closed ? new HistoryRecorder(s, RecorderSettings.defaults(), clock).start() : null;
            List<Consumer<ControlPlaneListener>> held;
            synchronized (backlog) {
                recorder = r;
                open = true;
                held = List.copyOf(backlog);
                backlog.clear();
            }
            if (r != null) {
                held.forEach(e -> e.accept(r));
                AuditImport commands = new AuditImport(audit, profile, r);
                thread.scheduleWithFixedDelay(() -> importCommands(commands), 0, AUDIT_POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
            publish();
            thread.scheduleWithFixedDelay(this::publish, 1, 1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed while opening: close() ends the recorder and the store
        } catch (RuntimeException e) {
            LOG.warn("history store {} cannot be used: {}", location.display(), e.toString());
            Platform.runLater(() -> status.set(new Status(Mode.FAILED, "no history: " + e.getMessage(), 0)));
        }
    }

    private void importCommands(AuditImport commands) {
        try {
            commands.importNew();
        } catch (RuntimeException e) {
            LOG.warn("cannot take commands from the audit log into the history: {}", e.toString());
        }
    }

    private void publish() {
        Status s;
        HistoryRecorder r = recorder;
        long early;
        synchronized (backlog) {
            early = backlogDropped;
        }
        if (r != null) {
            RecorderStats st = r.stats();
            long dropped = st.dropped() + early;
            s = new Status(Mode.RECORDING, "recording to " + location.display()
                    + (st.lastError() == null ? "" : "; last write failed: " + st.lastError()), dropped);
        } else {
            s = new Status(Mode.READING, "history " + location.display() + " (" + readingBecause + ")", early);
        }
        Platform.runLater(() -> {
            if (!s.equals(status.get())) {
                status.set(s);
            }
        });
    }

    /** How the store is used and how many changes could not be recorded (FX thread). */
    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The store once open, else null; read it off the FX thread only. */
    public HistoryStore store() {
        return store;
    }

    public StoreLocation location() {
        return location;
    }

    /** True when this console writes the store (no other recorder was live when it opened). */
    public boolean recording() {
        return recorder != null;
    }

    private void hand(Consumer<ControlPlaneListener> event) {
        if (closed) {
            return;
        }
        HistoryRecorder r = recorder;
        if (r != null) {
            event.accept(r);
            return;
        }
        synchronized (backlog) {
            if (open) {
                if (recorder != null) {
                    event.accept(recorder);
                }
                return;
            }
            if (backlog.size() < OPENING_BACKLOG) {
                backlog.add(event);
            } else {
                backlogDropped++;
            }
        }
    }

    @Override
    public void onStates(StateBatch batch) {
        hand(l -> l.onStates(batch));
    }

    @Override
    public void onHealth(HealthBatch batch) {
        hand(l -> l.onHealth(batch));
    }

    @Override
    public void onProgress(ProgressBatch batch) {
        hand(l -> l.onProgress(batch));
    }

    @Override
    public void onStatus(SourceStatus s) {
        hand(l -> l.onStatus(s));
    }

    @Override
    public void onEpochs(EpochWindow window) {
        hand(l -> l.onEpochs(window));
    }

    /** Runs {@code r} on the FX thread when the history is closed (views reading it stop). */
    public void onClose(Runnable r) {
        closeHooks.add(r);
    }

    /** Stops recording (the last batch is committed, the session closed) and closes the store, off the FX thread. */
    @Override
    public void close() {
        closed = true;
        closeHooks.forEach(Platform::runLater);
        thread.execute(() -> {
            HistoryRecorder r = recorder;
            if (r != null) {
                r.close();
            }
            if (store != null) {
                store.close();
            }
        });
        thread.shutdown();
    }

    /** Waits for {@link #close()} to finish (tests, application exit). */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
