package dev.watchkeeper.app.history;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.history.FleetView;
import dev.watchkeeper.history.AuditImport;
import dev.watchkeeper.history.HistoryRecorder;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.RecorderSettings;
import dev.watchkeeper.history.RecorderStats;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.history.WindowQueries;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A session's history store: the console records what it observes into the profile's store (the
 * one {@code watchkeeper record} writes) unless another recorder is writing it right now, in which
 * case it only reads (two recorders of one fleet would record every change twice). Commands reach
 * the store from the audit log, as the headless recorder takes them, so a command's every outcome
 * is recorded whoever ran it on this machine.
 * <p>
 * Opening the store (a schema migration) and every write run off the listener threads: the listener
 * methods keep the fleet as observed (one record per indexer) and hand events to the recorder's
 * bounded queue. A recorder that starts late (the store was still opening, or the other recorder
 * has gone) begins from that observed fleet as one full picture, so nothing observed is missing.
 */
public final class SessionHistory implements ControlPlaneListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHistory.class);
    /** How often a console that only reads checks whether the other recorder is still live. */
    static final Duration LIVE_CHECK = Duration.ofSeconds(30);
    private static final Duration AUDIT_POLL = Duration.ofSeconds(2);

    /** What the console does with the store, for the history bar. */
    public record Status(Mode mode, String text, long dropped) {
    }

    public enum Mode { OPENING, RECORDING, READING, FAILED }

    private final StoreLocation location;
    private final Duration liveCheck;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watchkeeper-session-history");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyObjectWrapper<Status> status;
    /** The fleet, sources and epochs as observed now: what a recorder that starts late begins from. */
    private final FleetView observed = new FleetView();
    private final Map<Source, SourceStatus> statuses = new EnumMap<>(Source.class);
    private EpochWindow lastEpochs;
    /** Sources whose complete listing was observed (Redis: a full state snapshot). */
    private final java.util.Set<Source> fullSeen = java.util.EnumSet.noneOf(Source.class);
    private volatile HistoryStore store;
    private volatile HistoryRecorder recorder;
    private volatile boolean closed;
    private String readingBecause;
    private final List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeRecorder, "watchkeeper-session-history-stop");

    /**
     * Starts opening the store in the background.
     *
     * @param audit   where the console's commands are audited; each entry of {@code profile} is recorded
     * @param record  false: only read (e.g. a test's store another recorder fills)
     */
    public SessionHistory(StoreLocation location, AuditLog audit, String profile, boolean record, Clock clock) {
        this(location, audit, profile, record, clock, LIVE_CHECK);
    }

    /** @param liveCheck how often a console that only reads checks whether the other recorder is still live */
    SessionHistory(StoreLocation location, AuditLog audit, String profile, boolean record, Clock clock, Duration liveCheck) {
        this.liveCheck = liveCheck;
        this.location = location;
        this.clock = clock;
        this.status = new ReadOnlyObjectWrapper<>(this, "status", new Status(Mode.OPENING, "opening history " + location.display(), 0));
        thread.execute(() -> open(audit, profile, record));
    }

    /**
     * The store for {@code profile} as the command line resolves it: the profile's history setting,
     * else {@value StoreLocation#URL_VARIABLE}, else the profile's file. One rule for the recorder
     * and the incident history, so both write the same store.
     */
    public static StoreLocation locationFor(dev.watchkeeper.connectors.profile.ConnectionProfile profile) {
        return StoreLocation.forProfile(profile, System::getenv);
    }

    private void open(AuditLog audit, String profile, boolean record) {
        try {
            HistoryStore s = HistoryStore.open(location);
            store = s;
            if (record) {
                recordUnlessAnotherRecorderIsLive(audit, profile);
            } else {
                readingBecause = "reading only";
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

    /**
     * Starts recording unless another recorder writes the store now; then checks again every
     * {@link #LIVE_CHECK}, and takes over once that recorder is gone (the store records the gap).
     */
    private void recordUnlessAnotherRecorderIsLive(AuditLog audit, String profile) {
        if (closed || recorder != null) {
            return;
        }
        String live = new WindowQueries(store).liveRecorder(clock.instant());
        if (live != null) {
            readingBecause = "read only: the recorder on " + live + " writes it";
            thread.schedule(() -> recordUnlessAnotherRecorderIsLive(audit, profile), liveCheck.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        HistoryRecorder r = new HistoryRecorder(store, RecorderSettings.defaults(), clock).start();
        synchronized (observed) {
            // what was observed before the recorder started, as one full picture; every later event follows it
            // a listing is replayed as complete only when a complete one was observed: else it would record indexers as gone
            HistoryFrame.batchesOf(observed.snapshot().values(), clock.instant()).forEach(b -> {
                switch (b) {
                    case StateBatch x -> r.onStates(fullSeen.contains(Source.REDIS) ? x : StateBatch.changes(x.upserts(), java.util.Set.of(), x.observedAt()));
                    case HealthBatch x -> r.onHealth(fullSeen.contains(x.source()) ? x
                            : new HealthBatch(x.source(), x.streams(), x.executors(), false, x.observedAt()));
                    case ProgressBatch x -> r.onProgress(x);
                    default -> throw new IllegalStateException("not a fleet batch: " + b);
                }
            });
            statuses.values().forEach(r::onStatus);
            if (lastEpochs != null) {
                r.onEpochs(lastEpochs);
            }
            recorder = r;
        }
        readingBecause = null;
        // a console stopped by a signal still commits its last batch and closes its session (no "killed" gap)
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        AuditImport commands = new AuditImport(audit, profile, r);
        thread.scheduleWithFixedDelay(() -> importCommands(commands), 0, AUDIT_POLL.toMillis(), TimeUnit.MILLISECONDS);
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
        if (r != null) {
            RecorderStats st = r.stats();
            s = new Status(Mode.RECORDING, "recording to " + location.display()
                    + (st.lastError() == null ? "" : "; last write failed: " + st.lastError()), st.dropped());
        } else {
            s = new Status(Mode.READING, "history " + location.display() + " (" + readingBecause + ")", 0);
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

    @Override
    public void onStates(StateBatch batch) {
        HistoryRecorder r;
        synchronized (observed) {
            observed.apply(batch);
            if (batch.fullSnapshot()) {
                fullSeen.add(Source.REDIS);
            }
            r = recorder;
        }
        if (r != null && !closed) {
            r.onStates(batch);
        }
    }

    @Override
    public void onHealth(HealthBatch batch) {
        HistoryRecorder r;
        synchronized (observed) {
            observed.apply(batch);
            if (batch.full()) {
                fullSeen.add(batch.source());
            }
            r = recorder;
        }
        if (r != null && !closed) {
            r.onHealth(batch);
        }
    }

    @Override
    public void onProgress(ProgressBatch batch) {
        HistoryRecorder r;
        synchronized (observed) {
            observed.apply(batch);
            r = recorder;
        }
        if (r != null && !closed) {
            r.onProgress(batch);
        }
    }

    @Override
    public void onStatus(SourceStatus s) {
        HistoryRecorder r;
        synchronized (observed) {
            statuses.put(s.source(), s);
            r = recorder;
        }
        if (r != null && !closed) {
            r.onStatus(s);
        }
    }

    @Override
    public void onEpochs(EpochWindow window) {
        HistoryRecorder r;
        synchronized (observed) {
            lastEpochs = window;
            r = recorder;
        }
        if (r != null && !closed) {
            r.onEpochs(window);
        }
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
            closeRecorder();
            if (store != null) {
                store.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                // the JVM is stopping (the hook closes the recorder), or this console never recorded
            }
        });
        thread.shutdown();
    }

    private synchronized void closeRecorder() {
        HistoryRecorder r = recorder;
        if (r != null) {
            r.close();
        }
    }

    /** Waits for {@link #close()} to finish (tests, application exit). */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
