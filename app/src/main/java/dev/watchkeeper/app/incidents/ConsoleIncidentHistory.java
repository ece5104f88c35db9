package dev.watchkeeper.app.incidents;

import dev.watchkeeper.history.HistoryException;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.history.StoredIncidentHistory;
import dev.watchkeeper.model.incident.InMemoryIncidentHistory;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The console's incident history: in memory from the first moment, in the profile's history store
 * once it has opened. Opening the store (a migration, perhaps a network round trip to PostgreSQL)
 * happens on a background thread, never the FX thread; what was recorded meanwhile is handed to the
 * store when it is ready. When the store cannot be opened the console keeps this session's
 * incidents in memory and says why ({@link #problem()}).
 */
public final class ConsoleIncidentHistory implements IncidentHistory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleIncidentHistory.class);

    private final InMemoryIncidentHistory session = new InMemoryIncidentHistory();
    private volatile StoredIncidentHistory stored;
    private volatile HistoryStore store;
    private volatile String problem;
    private volatile boolean closed;
    private final CompletableFuture<ConsoleIncidentHistory> ready = new CompletableFuture<>();

    private ConsoleIncidentHistory() {
    }

    /** Session-only: nothing is kept after the console closes. */
    public static ConsoleIncidentHistory inMemory() {
        ConsoleIncidentHistory h = new ConsoleIncidentHistory();
        h.ready.complete(h);
        return h;
    }

    /** The profile's history store (its history setting, else the default: docs/history.md), opened in the background. */
    public static ConsoleIncidentHistory forProfile(dev.watchkeeper.connectors.profile.ConnectionProfile profile, Clock clock) {
        return open(() -> StoreLocation.forProfile(profile, System::getenv), clock);
    }

    /**
     * Opens {@code location} (resolved on the background thread: a bad setting is a message, not a crash) in the background ({@link #ready()} completes once the store's incidents
     * can be read, or the reason it could not be opened is known). The store is closed, what is
     * pending written first, when the JVM exits or on {@link #close}.
     */
    public static ConsoleIncidentHistory open(java.util.function.Supplier<StoreLocation> location, Clock clock) {
        ConsoleIncidentHistory h = new ConsoleIncidentHistory();
        Thread opener = new Thread(() -> {
            try {
                h.attach(HistoryStore.open(location.get()), clock);
                Runtime.getRuntime().addShutdownHook(new Thread(h::close, "watchkeeper-incidents-close"));
            } catch (HistoryException | IllegalArgumentException | IllegalStateException e) {
                h.problem = "incidents are kept for this session only: " + e.getMessage();
                LOG.warn(h.problem);
            }
            h.ready.complete(h);
        }, "watchkeeper-incidents-open");
        opener.setDaemon(true);
        opener.start();
        return h;
    }

    /** Completes once the store is open or known not to open. */
    public CompletableFuture<ConsoleIncidentHistory> ready() {
        return ready;
    }

    private void attach(HistoryStore opened, Clock clock) {
        StoredIncidentHistory s = new StoredIncidentHistory(opened, StoredIncidentHistory.originHere(clock), clock);
        synchronized (this) {
            if (closed) {
                s.close();
                opened.close();
                return;
            }
            // what the engine recorded while the store was opening, oldest first
            List<Incident> meanwhile = session.since(null);
            for (int i = meanwhile.size() - 1; i >= 0; i--) {
                s.record(meanwhile.get(i));
            }
            store = opened;
            stored = s;
        }
    }

    /** True once the store is open: {@link #since} then reads it (call that off the FX thread). */
    public boolean stored() {
        return stored != null;
    }

    /** Why incidents are kept in memory only, or null. */
    public String problem() {
        return problem;
    }

    @Override
    public void record(Incident incident) {
        synchronized (this) {
            session.record(incident);
            if (stored != null) {
                stored.record(incident);
            }
        }
    }

    @Override
    public List<Incident> since(Instant since) {
        StoredIncidentHistory s = stored;
        return s == null ? session.since(since) : s.since(since);
    }

    @Override
    public Optional<Incident> find(String id) {
        StoredIncidentHistory s = stored;
        return s == null ? session.find(id) : s.find(id);
    }

    /** Writes what is pending and closes the store. */
    @Override
    public synchronized void close() {
        closed = true;
        if (stored != null) {
            stored.close();
            store.close();
            stored = null;
        }
    }
}
