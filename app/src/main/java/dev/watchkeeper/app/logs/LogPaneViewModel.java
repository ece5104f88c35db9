package dev.watchkeeper.app.logs;

import dev.watchkeeper.connectors.logs.IndexerMetadata;
import dev.watchkeeper.connectors.logs.LogEntry;
import dev.watchkeeper.connectors.logs.LogHistory;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import dev.watchkeeper.connectors.logs.LogTailStatus;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A live log pane's state on the FX thread: a bounded buffer of lines, filtered by minimum level
 * and (optionally) by search text. While paused, new lines wait aside and are counted.
 */
public final class LogPaneViewModel {

    public static final int DEFAULT_CAPACITY = 5_000;

    private final int capacity;
    private final ObservableList<LogEntry> lines = FXCollections.observableArrayList();
    /** One read-only view, made once: each view made listens to the lines until it is collected. */
    private final ObservableList<LogEntry> allLinesView = FXCollections.unmodifiableObservableList(lines);
    private final FilteredList<LogEntry> visible = new FilteredList<>(lines);
    private final List<LogEntry> pending = new ArrayList<>();
    private final ReadOnlyIntegerWrapper pendingCount = new ReadOnlyIntegerWrapper(this, "pendingCount");
    private final ReadOnlyIntegerWrapper dropped = new ReadOnlyIntegerWrapper(this, "dropped");
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");
    private final ObjectProperty<LogEntry.Level> minLevel = new SimpleObjectProperty<>(this, "minLevel", LogEntry.Level.TRACE);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    /** "system" or "user" (sys_logs.type); null shows both. Lines whose source has no type always show. */
    private final StringProperty type = new SimpleStringProperty(this, "type");
    /** True: show only lines matching the search; false: show all and highlight matches. */
    private final BooleanProperty onlyMatching = new SimpleBooleanProperty(this, "onlyMatching", true);
    private final ReadOnlyObjectWrapper<LogTailStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    /** The runner's sys_metadata, when the lines come from PostgreSQL; null otherwise. */
    private final ReadOnlyObjectWrapper<IndexerMetadata> metadata = new ReadOnlyObjectWrapper<>(this, "metadata");
    private final ReadOnlyObjectWrapper<java.time.Instant> metadataAt = new ReadOnlyObjectWrapper<>(this, "metadataAt");
    private final ReadOnlyObjectWrapper<LogHistory> history = new ReadOnlyObjectWrapper<>(this, "history");
    private final ObservableList<LogEntry> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper resultsTitle = new ReadOnlyStringWrapper(this, "resultsTitle");
    private final ReadOnlyStringWrapper lookupStatus = new ReadOnlyStringWrapper(this, "lookupStatus");
    /** Lookups wait on the database: virtual threads, never the FX thread. */
    private static final java.util.concurrent.Executor LOOKUPS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    public LogPaneViewModel(int capacity) {
        this.capacity = capacity;
        minLevel.addListener(o -> refilter());
        type.addListener(o -> refilter());
        search.addListener(o -> refilter());
        onlyMatching.addListener(o -> refilter());
        paused.addListener((o, was, now) -> {
            if (!now) {
                flush();
            }
        });
    }

    public LogPaneViewModel() {
        this(DEFAULT_CAPACITY);
    }

    /** New lines, in order. Must run on the FX thread. */
    public void accept(List<LogEntry> batch) {
        if (paused.get()) {
            pending.addAll(batch);
            // Even paused, keep no more than the buffer could show.
            if (pending.size() > capacity) {
                int excess = pending.size() - capacity;
                pending.subList(0, excess).clear();
                dropped.set(dropped.get() + excess);
            }
            pendingCount.set(pending.size());
            return;
        }
        append(batch);
    }

    private void append(List<LogEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int overflow = lines.size() + batch.size() - capacity;
        if (overflow > 0) {
            int fromOld = Math.min(overflow, lines.size());
            lines.remove(0, fromOld);
            dropped.set(dropped.get() + overflow);
            if (overflow > fromOld) {
                batch = batch.subList(overflow - fromOld, batch.size());
            }
        }
        lines.addAll(batch);
    }

    private void flush() {
        List<LogEntry> waiting = new ArrayList<>(pending);
        pending.clear();
        pendingCount.set(0);
        append(waiting);
    }

    public void status(LogTailStatus s) {
        status.set(s);
    }

    /** The runner's STATUS and last processed height, as just read. Must run on the FX thread. */
    public void metadata(IndexerMetadata m) {
        metadata.set(m);
        metadataAt.set(java.time.Instant.now());
    }

    public ReadOnlyObjectProperty<IndexerMetadata> metadataProperty() {
        return metadata.getReadOnlyProperty();
    }

    /** When {@link #metadataProperty()} was last read. */
    public ReadOnlyObjectProperty<java.time.Instant> metadataAtProperty() {
        return metadataAt.getReadOnlyProperty();
    }

    /** Lookups beyond the tail, when the source has them (PostgreSQL). Must run on the FX thread. */
    public void history(LogHistory h) {
        history.set(h);
    }

    public ReadOnlyObjectProperty<LogHistory> historyProperty() {
        return history.getReadOnlyProperty();
    }

    /** Loads the page above the oldest line shown and puts it first. */
    public void loadOlder(int limit) {
        lookup("older lines", h -> h.older(limit), rows -> {
            lines.addAll(0, rows);
            if (lines.size() > capacity) {
                // the operator asked for these: the newest lines give way
                lines.remove(capacity, lines.size());
            }
            lookupStatus.set(rows.isEmpty() ? "no older lines" : null);
        });
    }

    /** Shows the newest lines with these words, found through the database's full-text index, instead of the live lines. */
    public void searchDatabase(String words, int limit) {
        if (words == null || words.isBlank()) {
            return;
        }
        lookup("search", h -> h.search(words, limit), rows -> showResults(rows,
                rows.size() + (rows.size() == limit ? "+" : "") + " lines with \"" + words.strip() + "\" (database full-text search)"));
    }

    /** Shows the lines from block {@code height} on instead of the live lines. */
    public void jumpToBlock(long height, int limit) {
        lookup("jump", h -> h.fromBlock(height, limit), rows -> showResults(rows, "lines from block " + height + " on"));
    }

    /** Back to the live lines. */
    public void closeResults() {
        results.clear();
        resultsTitle.set(null);
    }

    private void showResults(List<LogEntry> rows, String title) {
        results.setAll(rows);
        resultsTitle.set(title);
        lookupStatus.set(null);
    }

    private void lookup(String what, java.util.function.Function<LogHistory, List<LogEntry>> call,
                        java.util.function.Consumer<List<LogEntry>> onFx) {
        LogHistory h = history.get();
        if (h == null) {
            return;
        }
        lookupStatus.set(what + "…");
        java.util.concurrent.CompletableFuture.supplyAsync(() -> call.apply(h), LOOKUPS)
                .whenComplete((rows, err) -> javafx.application.Platform.runLater(() -> {
                    if (err != null) {
                        Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                        lookupStatus.set(what + " failed: " + c.getMessage());
                    } else {
                        onFx.accept(rows);
                    }
                }));
    }

    /** Results of a search or block jump, shown instead of the live lines while {@link #resultsTitleProperty()} is set. */
    public ObservableList<LogEntry> results() {
        return results;
    }

    public ReadOnlyStringProperty resultsTitleProperty() {
        return resultsTitle.getReadOnlyProperty();
    }

    /** What the last lookup is doing or found ("12 older lines loaded", "search failed: ..."); null when nothing to say. */
    public ReadOnlyStringProperty lookupStatusProperty() {
        return lookupStatus.getReadOnlyProperty();
    }

    public void clear() {
        lines.clear();
        pending.clear();
        pendingCount.set(0);
    }

    private void refilter() {
        LogEntry.Level min = minLevel.get() == null ? LogEntry.Level.TRACE : minLevel.get();
        String text = searchText();
        boolean filterText = onlyMatching.get() && !text.isEmpty();
        String onlyType = type.get();
        Predicate<LogEntry> p = e -> e.level().atLeast(min) && (!filterText || matches(e, text))
                && (onlyType == null || e.type() == null || onlyType.equals(e.type()));
        visible.setPredicate(min == LogEntry.Level.TRACE && !filterText && onlyType == null ? null : p);
    }

    /** The search text, lower-cased and trimmed ("" when none). */
    public String searchText() {
        return search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
    }

    static boolean matches(LogEntry e, String lowerText) {
        return e.message().toLowerCase(Locale.ROOT).contains(lowerText);
    }

    public FilteredList<LogEntry> visibleLines() {
        return visible;
    }

    public ObservableList<LogEntry> allLines() {
        return allLinesView;
    }

    public ReadOnlyIntegerProperty pendingCountProperty() {
        return pendingCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty droppedProperty() {
        return dropped.getReadOnlyProperty();
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public ObjectProperty<LogEntry.Level> minLevelProperty() {
        return minLevel;
    }

    /** "system", "user" or null for both. */
    public StringProperty typeProperty() {
        return type;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty onlyMatchingProperty() {
        return onlyMatching;
    }

    public ReadOnlyObjectProperty<LogTailStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }
}
