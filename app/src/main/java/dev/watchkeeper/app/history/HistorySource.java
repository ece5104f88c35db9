package dev.watchkeeper.app.history;

import dev.watchkeeper.history.FleetAt;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryQueries.CommandEvent;
import dev.watchkeeper.history.HistoryQueries.IndexerEvent;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.WindowQueries;
import dev.watchkeeper.model.IndexerId;
import javafx.application.Platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads the history store on its own thread and hands the results to the FX thread: the fleet at a
 * moment as a {@link HistoryFrame}, the span the store covers, a window's changes and commands, one
 * indexer's changes. Requests for the fleet coalesce: while a read runs, only the newest moment asked
 * for is read next, so dragging the time bar never queues up reads. No view calls the store.
 */
public final class HistorySource implements AutoCloseable {

    /** The span a rewind can show: from the first keyframe or change to the last committed batch. */
    public record Span(Instant start, Instant end) {
    }

    /** What changed in a window: indexer changes and commands, oldest first; {@code truncated} when limits cut it. */
    public record Window(Instant from, Instant to, List<WindowQueries.Change> changes, List<CommandEvent> commands, boolean truncated) {
    }

    /** Changes a window lists at most. */
    static final int WINDOW_LIMIT = 20_000;

    private final Supplier<HistoryStore> store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watchkeeper-history-reader");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Instant> wanted = new AtomicReference<>();
    private final Consumer<HistoryFrame> onFrame;
    private final Consumer<String> onError;
    private HistoryStore cursorStore;
    private HistoryQueries.Cursor cursor;
    private Map<IndexerId, IndexerRecord> shown;

    /**
     * @param store   the store once it is open, else null
     * @param onFrame gets each frame on the FX thread
     * @param onError gets a read failure's message on the FX thread
     */
    public HistorySource(Supplier<HistoryStore> store, Consumer<HistoryFrame> onFrame, Consumer<String> onError) {
        this.store = store;
        this.onFrame = onFrame;
        this.onError = onError;
    }

    /** Reads the fleet at {@code t}; a newer request before the read starts replaces it. */
    public void request(Instant t) {
        if (wanted.getAndSet(t) == null) {
            thread.execute(this::readWanted);
        }
    }

    /** Forgets the frame shown last (after returning to live): the next frame marks no changes. */
    public void reset() {
        thread.execute(() -> shown = null);
    }

    private void readWanted() {
        Instant t = wanted.getAndSet(null);
        if (t == null) {
            return;
        }
        HistoryStore s = store.get();
        if (s == null) {
            Platform.runLater(() -> onError.accept("the history store is still opening"));
            return;
        }
        try {
            if (cursor == null || cursorStore != s) {
                cursorStore = s;
                cursor = new HistoryQueries(s).cursor();
            }
            FleetAt f = cursor.moveTo(t);
            HistoryFrame frame = HistoryFrame.of(f, shown, new HistoryQueries(s).lastRecorded());
            shown = f.indexers();
            Platform.runLater(() -> onFrame.accept(frame));
        } catch (RuntimeException e) {
            Platform.runLater(() -> onError.accept(e.getMessage()));
        }
    }

    /** The span the store covers (null values when it holds nothing yet, or is not open). */
    public void span(Consumer<Span> then) {
        read(q -> new Span(q.historyStart(), q.lastRecorded()), then);
    }

    /** The changes and commands after {@code from} up to {@code to}. */
    public void window(Instant from, Instant to, Consumer<Window> then) {
        thread.execute(() -> {
            HistoryStore s = store.get();
            if (s == null) {
                Platform.runLater(() -> onError.accept("the history store is still opening"));
                return;
            }
            try {
                WindowQueries w = new WindowQueries(s);
                List<WindowQueries.Change> changes = w.changes(from, to, WINDOW_LIMIT + 1);
                List<CommandEvent> commands = w.commands(from, to, WINDOW_LIMIT + 1);
                boolean cut = changes.size() > WINDOW_LIMIT || commands.size() > WINDOW_LIMIT;
                Window result = new Window(from, to, changes.subList(0, Math.min(WINDOW_LIMIT, changes.size())),
                        commands.subList(0, Math.min(WINDOW_LIMIT, commands.size())), cut);
                Platform.runLater(() -> then.accept(result));
            } catch (RuntimeException e) {
                Platform.runLater(() -> onError.accept(e.getMessage()));
            }
        });
    }

    /** One indexer's recorded changes from the start of history up to {@code until}, and the commands that named it. */
    public void indexer(IndexerId id, Instant until, int limit, Consumer<IndexerHistory> then) {
        read(q -> {
            Instant start = q.historyStart();
            if (start == null) {
                return new IndexerHistory(List.of(), List.of());
            }
            List<IndexerEvent> events = q.indexerHistory(id, start, until, limit);
            return new IndexerHistory(events, q.commands(id, start, until));
        }, then);
    }

    /** One indexer's history as read. */
    public record IndexerHistory(List<IndexerEvent> events, List<CommandEvent> commands) {
    }

    private <T> void read(java.util.function.Function<HistoryQueries, T> query, Consumer<T> then) {
        thread.execute(() -> {
            HistoryStore s = store.get();
            if (s == null) {
                return;
            }
            try {
                T result = query.apply(new HistoryQueries(s));
                Platform.runLater(() -> then.accept(result));
            } catch (RuntimeException e) {
                Platform.runLater(() -> onError.accept(e.getMessage()));
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
