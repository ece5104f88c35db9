package dev.watchkeeper.app.history;

import dev.watchkeeper.history.FleetAt;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryQueries.CommandEvent;
import dev.watchkeeper.history.HistoryQueries.IndexerEvent;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.WindowQueries;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.epoch.EpochWindow;
import javafx.application.Platform;

import java.time.Duration;
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

    /** What changed in a window: indexer changes, commands and the recorded gaps, oldest first; {@code truncated} when limits cut it. */
    public record Window(Instant from, Instant to, List<WindowQueries.Change> changes, List<CommandEvent> commands,
                         List<dev.watchkeeper.history.HistoryEvent.Gap> gaps, boolean truncated) {
    }

    /** Changes a window lists at most. */
    static final int WINDOW_LIMIT = 20_000;

    private final Supplier<HistoryStore> store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watchkeeper-history-reader");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Wanted> wanted = new AtomicReference<>();
    private final Consumer<HistoryFrame> onFrame;
    private final Consumer<String> onError;
    private HistoryStore cursorStore;
    private HistoryQueries.Cursor cursor;
    private Map<IndexerId, IndexerRecord> shown;
    /** The beginnings the frame shown last was handed. */
    private Map<IndexerId, Instant> shownSince;
    /** The epochs' window of the frame shown last (reader thread only). */
    private EpochWindow shownEpochs;
    private Instant shownAt;
    /** Frames handed out so far: each frame's delta is against the one numbered before it. */
    private long frames;

    /** A moment asked for; {@code jump}: not a playback step from the frame before. */
    private record Wanted(Instant at, boolean jump) {
    }

    /** How far back a jump looks for when each indexer's lifecycle began ("in state" exact). */
    static final java.time.Duration SINCE_REACH = java.time.Duration.ofHours(1);

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

    /**
     * Reads the fleet at {@code t}; a newer request before the read starts replaces it.
     *
     * @param jump false for a playback step forward from the frame shown
     */
    public void request(Instant t, boolean jump) {
        Wanted before = wanted.getAndUpdate(w -> new Wanted(t, jump || (w != null && w.jump())));
        if (before == null) {
            onReader(this::readWanted);
        }
    }

    /** Forgets the frame shown last (after returning to live): the next frame marks no changes. */
    public void reset() {
        onReader(() -> {
            shown = null;
            shownSince = null;
            shownAt = null;
        });
    }

    private void readWanted() {
        Wanted w = wanted.getAndSet(null);
        if (w == null) {
            return;
        }
        Instant t = w.at();
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
            cursorBehindDone = false;
            boolean step = !w.jump() && shown != null && shownAt != null && t.isAfter(shownAt);
            Instant[] knownFrom = {null};
            Map<IndexerId, Instant> since = since(s, f, step, knownFrom);
            // epochs that did not change keep the frame before's window: the views compare it by identity
            EpochWindow window = f.epochWindow();
            if (window != null && shownEpochs != null && window.epochs().equals(shownEpochs.epochs())) {
                window = shownEpochs;
            }
            shownEpochs = window;
            // which beginnings differ from the frame before's, when the span answered both
            List<IndexerId> sinceChanged = span == null ? null : span.changed(shownSince, since);
            HistoryFrame frame = HistoryFrame.of(f, window, step ? shown : null, new HistoryQueries(s).lastRecorded(), since, knownFrom[0],
                    ++frames, shown, sinceChanged, cursor.changedSince(shown));
            shown = f.indexers();
            shownSince = since;
            shownAt = t;
            Platform.runLater(() -> onFrame.accept(frame));
            readAheadSoon();
        } catch (RuntimeException e) {
            Platform.runLater(() -> onError.accept(e.getMessage()));
        }
    }

    /**
     * When lifecycles shown in {@code f} began, where the store saw it: since the frame before for a
     * step; for a jump, or a step across a recorded gap, in the last hour but not before the last
     * recorded gap (what happened in a gap is unknown: a lifecycle seen before and after it may have
     * changed and changed back). {@code from} gets where that look began.
     */
    private Map<IndexerId, Instant> since(HistoryStore s, FleetAt f, boolean step, Instant[] from) {
        WindowQueries w = new WindowQueries(s);
        HistoryQueries q = new HistoryQueries(s);
        if (step && q.gaps(shownAt.toEpochMilli(), f.at().toEpochMilli()).isEmpty()) {
            return w.lifecycleChanges(shownAt, f.at(), shown);
        }
        Instant start = f.at().minus(SINCE_REACH);
        // where the history begins or resumes after a gap, the fleet is still being assembled from the
        // first events: who is absent there is unknown, so only changes between two seen lifecycles count
        boolean fleetKnownAtStart = true;
        for (var gap : q.gaps(start.toEpochMilli(), f.at().toEpochMilli())) {
            Instant end = Instant.ofEpochMilli(Math.min(gap.toMs(), f.at().toEpochMilli()));
            if (end.isAfter(start)) {
                start = end;
                fleetKnownAtStart = false;
            }
        }
        if (f.historyStart() == null || !f.historyStart().isBefore(start)) {
            start = f.historyStart() == null || f.historyStart().isAfter(f.at()) ? f.at() : f.historyStart();
            fleetKnownAtStart = false;
        }
        from[0] = start;
        return sinceInSpan(s, q, w, start, fleetKnownAtStart, f.at());
    }

    /** Span read last, for scrubbing (reader thread only). */
    private LifecycleSpan span;
    private HistoryStore spanStore;

    /**
     * The look from {@code start} to {@code t}, from the span held when it serves and no gap was
     * recorded in it since; else a new span, read from up to half an hour before {@code start} when
     * the fleet is known there, so that steps back are answered from it too.
     */
    private Map<IndexerId, Instant> sinceInSpan(HistoryStore s, HistoryQueries q, WindowQueries w, Instant start, boolean known, Instant t) {
        lookStart = known ? start : null;
        if (ahead == null && aheadBase != null && aheadSpan == span && aheadUntil.equals(span.from()) && spanStore == s
                && start.isBefore(span.from())) {
            ahead = span.before(aheadBase.fleet(), aheadEarlier); // the fleet before it read ahead in part: the rest now
            aheadBase = null;
        }
        if (ahead != null && ahead.of(span) && spanStore == s && start.isBefore(span.from())) {
            ahead.readOn(w, null); // read ahead in part: the rest now
            ahead = null;
        }
        if (span != null && spanStore == s && known && span.baseKnown() && start.isBefore(span.from())
                && !start.isBefore(span.from().minus(SPAN_BACK)) && q.gaps(start.toEpochMilli(), span.from().toEpochMilli()).isEmpty()) {
            // a step back past the span's start: read the stretch before it, not the whole span again
            Instant earlier = span.from().minus(BACK_STEP);
            Instant historyStart = q.historyStart();
            if (earlier.isAfter(start)) {
                earlier = start;
            }
            if (historyStart != null && historyStart.isBefore(earlier)) {
                FleetAt base = q.fleetAt(earlier);
                if (!base.beforeHistory()) {
                    span.extendBack(w, base.indexers(), earlier);
                }
            }
        }
        if (span == null || spanStore != s || !span.serves(start, known, t) || !q.gaps(span.from().toEpochMilli(), t.toEpochMilli()).isEmpty()) {
            spanStore = s;
            if (!known) {
                span = LifecycleSpan.read(w, null, start, t);
            } else {
                Instant from = start.minus(SPAN_BACK);
                Instant historyStart = q.historyStart();
                if (historyStart == null || !historyStart.isBefore(from) || !q.gaps(from.toEpochMilli(), start.toEpochMilli()).isEmpty()) {
                    from = start;
                }
                FleetAt base = q.fleetAt(from);
                span = LifecycleSpan.read(w, base.beforeHistory() ? null : base.indexers(), from, t);
            }
        }
        // the cursor has just read the stretch a step forward moves into: the look takes it from there
        return span.since(w, cursor, start, t);
    }

    /** The stretch before the span being read ahead, null when none (reader thread only). */
    private LifecycleSpan.Before ahead;
    /** Whether a piece of it is queued. */
    private boolean aheadQueued;
    /** Where the last look began when the fleet was known there, else null. */
    private Instant lookStart;

    /**
     * How near the span's start a look begins before the stretch before it is read ahead; and how far
     * before the moment shown the cursor holds the fleet's changes in memory, read ahead.
     */
    public static final java.time.Duration AHEAD = java.time.Duration.ofMinutes(10);
    /** How much of it one piece reads: a moment asked for meanwhile waits for one piece at most. */
    static final java.time.Duration AHEAD_PIECE = java.time.Duration.ofSeconds(20);

    /** The fleet at the beginning of the stretch before the span, being read ahead; null when none (reader thread only). */
    private dev.watchkeeper.history.FleetStretch aheadBase;
    /** The span it is for, the span's start then, and the stretch's beginning. */
    private LifecycleSpan aheadSpan;
    private Instant aheadUntil;
    private Instant aheadEarlier;
    /** The cursor has nothing before its start left to read ahead (until the next frame moves it). */
    private boolean cursorBehindDone;

    /** Rows one piece read ahead reads at most: a moment asked for meanwhile waits a few milliseconds for it. */
    public static final int AHEAD_ROWS = 2_000;

    /**
     * Queues reading ahead what steps back will soon need: the stretches before the cursor's start
     * until it holds the ten minutes before the moment shown, the stretch before the span when the
     * last look began near the span's start.
     */
    private void readAheadSoon() {
        if (!aheadQueued && (cursorWantsBehind() || spanWantsBefore())) {
            aheadQueued = true;
            onReader(this::readAhead);
        }
    }

    private boolean cursorWantsBehind() {
        return cursor != null && !cursorBehindDone && shownAt != null && cursor.start() != null;
    }

    private boolean spanWantsBefore() {
        return span != null && span.baseKnown() && lookStart != null && lookStart.isBefore(span.from().plus(AHEAD));
    }

    /**
     * One piece of what steps back will need, unless a moment is asked for: that goes first and
     * queues the next piece after it. Of the stretches before the cursor's start (a step back needs
     * one every keyframe interval) and the stretch before the span (the fleet at its beginning, or a
     * stretch of its beginnings), the one steps back reach sooner.
     */
    private void readAhead() {
        aheadQueued = false;
        HistoryStore s = store.get();
        if (wanted.get() != null || s == null) {
            return;
        }
        boolean spanFirst = cursorWantsBehind() && spanWantsBefore() && s == spanStore
                && Duration.between(span.from(), lookStart).compareTo(Duration.between(cursor.heldFrom(), shownAt)) < 0;
        if (spanFirst ? readSpanAhead(s) || readCursorBehind(s) : readCursorBehind(s) || readSpanAhead(s)) {
            readAheadSoon();
        }
    }

    /** A piece of the stretches before the cursor's start; false when there was none to read. */
    private boolean readCursorBehind(HistoryStore s) {
        if (!cursorWantsBehind() || cursorStore != s) {
            return false;
        }
        try {
            cursorBehindDone = !cursor.readBehind(shownAt.minus(AHEAD), AHEAD_ROWS);
        } catch (RuntimeException e) {
            cursorBehindDone = true; // a step back reads the store itself, and reports what failed
        }
        return !cursorBehindDone;
    }

    /** A piece of the stretch before the span; false when there was none to read. */
    private boolean readSpanAhead(HistoryStore s) {
        if (s != spanStore || span == null || !spanWantsBefore()) {
            return false;
        }
        try {
            if (ahead == null || !ahead.of(span)) {
                ahead = null;
                if (aheadBase == null || aheadSpan != span || !aheadUntil.equals(span.from())) {
                    aheadBase = null;
                    HistoryQueries q = new HistoryQueries(s);
                    Instant earlier = span.from().minus(BACK_STEP);
                    Instant historyStart = q.historyStart();
                    if (historyStart == null || !historyStart.isBefore(earlier)
                            || !q.gaps(earlier.toEpochMilli(), span.from().toEpochMilli()).isEmpty()) {
                        return false; // a step back there reads afresh, as before
                    }
                    aheadBase = q.fleetRead(earlier);
                    aheadSpan = span;
                    aheadUntil = span.from();
                    aheadEarlier = earlier;
                } else if (aheadBase.readOn(AHEAD_ROWS)) {
                    ahead = span.before(aheadBase.fleet(), aheadEarlier);
                    aheadBase = null;
                }
            } else if (ahead.readOn(new WindowQueries(s), AHEAD_PIECE)) {
                ahead = null;
            }
            return true;
        } catch (RuntimeException e) {
            ahead = null; // a step back reads the stretch itself, and reports what failed
            aheadBase = null;
            return false;
        }
    }

    /** Where the span held for scrubbing begins, null when none (asked on the reader thread; for tests). */
    Instant spanFrom() {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> span == null ? null : span.from(), thread).join();
    }

    /** The earliest moment the cursor shows without reading the store, null when none (asked on the reader thread; for tests). */
    Instant cursorHeldFrom() {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> cursor == null ? null : cursor.heldFrom(), thread).join();
    }

    /** How much a step back past a span's start reads before it at once. */
    static final java.time.Duration BACK_STEP = java.time.Duration.ofMinutes(10);

    /** How far before the first moment a span reaches back, for the steps back that follow. */
    static final java.time.Duration SPAN_BACK = java.time.Duration.ofMinutes(30);

    /** The span the store covers (null values when it holds nothing yet, or is not open). */
    public void span(Consumer<Span> then) {
        read(q -> new Span(q.historyStart(), q.lastRecorded()), then);
    }

    /** The changes and commands after {@code from} up to {@code to}. */
    public void window(Instant from, Instant to, Consumer<Window> then) {
        onReader(() -> {
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
                        commands.subList(0, Math.min(WINDOW_LIMIT, commands.size())),
                        new HistoryQueries(s).gaps(from.toEpochMilli(), to.toEpochMilli()), cut);
                Platform.runLater(() -> then.accept(result));
            } catch (RuntimeException e) {
                Platform.runLater(() -> onError.accept(e.getMessage()));
            }
        });
    }

    /** How far back one indexer's detail reads at most. */
    static final java.time.Duration DETAIL_REACH = java.time.Duration.ofHours(24);

    /**
     * One indexer's recorded changes up to {@code until}, from the start of history but at most
     * {@link #DETAIL_REACH} back; when that is more than {@code limit} changes, the last hour's.
     */
    public void indexer(IndexerId id, Instant until, int limit, Consumer<IndexerHistory> then) {
        read(q -> {
            Instant start = q.historyStart();
            if (start == null || until.isBefore(start)) {
                return new IndexerHistory(List.of(), until);
            }
            Instant since = start.isAfter(until.minus(DETAIL_REACH)) ? start : until.minus(DETAIL_REACH);
            List<IndexerEvent> events = q.indexerHistory(id, since, until, limit);
            if (events.size() >= limit) {
                since = until.minus(java.time.Duration.ofHours(1)).isAfter(start) ? until.minus(java.time.Duration.ofHours(1)) : start;
                events = q.indexerHistory(id, since, until, limit);
            }
            List<dev.watchkeeper.history.HistoryEvent.Gap> gaps = q.gaps(since.toEpochMilli(), until.toEpochMilli());
            return new IndexerHistory(events, since, gaps.stream().map(g -> Instant.ofEpochMilli(g.fromMs())).toList());
        }, then);
    }

    /**
     * One indexer's recorded changes from {@code since} on (the first is its state then).
     *
     * @param gapStarts where the span's recorded gaps began, oldest first: the store does not know
     *                  what happened from each to its gap's end
     */
    public record IndexerHistory(List<IndexerEvent> events, Instant since, List<Instant> gapStarts) {
        public IndexerHistory(List<IndexerEvent> events, Instant since) {
            this(events, since, List.of());
        }

        /** Where the last recorded gap of the span began, null when none. */
        public Instant lastGapStart() {
            return gapStarts.isEmpty() ? null : gapStarts.getLast();
        }
    }

    private <T> void read(java.util.function.Function<HistoryQueries, T> query, Consumer<T> then) {
        onReader(() -> {
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

    /**
     * Queues {@code task} on the reader thread; once closed, nothing more is read. (The reader queues
     * its own next read-ahead piece, so a close can come between its check and its queueing.)
     */
    private void onReader(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed: the console left history or switched profile
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
