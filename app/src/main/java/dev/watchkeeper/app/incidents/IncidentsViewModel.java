package dev.watchkeeper.app.incidents;

import dev.watchkeeper.app.attention.AttentionEntry;
import dev.watchkeeper.app.attention.AttentionViewModel;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.IncidentEvent;
import dev.watchkeeper.model.incident.IncidentHistory;
import dev.watchkeeper.model.incident.IncidentMember;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.model.incident.Problem;
import dev.watchkeeper.model.incident.Problems;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The console's incidents: feeds the {@link IncidentEngine} on the FX thread with the attention
 * view's problems (as they start and end), the pooler's failed steps (each epoch window) and the
 * sources that are down, and keeps the open incidents and the history for the views. Work is
 * proportional to problems starting or ending, so a pulse where nothing changes costs nothing.
 */
public final class IncidentsViewModel {

    private final IncidentEngine engine;
    private final FleetViewModel fleet;
    private final ObservableValue<Instant> now;
    private final ObservableList<Incident> open = FXCollections.observableArrayList();
    private final ObservableList<Incident> all = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper membership = new ReadOnlyIntegerWrapper(this, "membership");
    private final List<Consumer<IncidentEvent>> listeners = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<EpochWindow> pendingWindow = new java.util.concurrent.atomic.AtomicReference<>();
    /** One daemon thread for every console window: turning epoch windows into failures and reading the history are short and rare. */
    private static final java.util.concurrent.ExecutorService EPOCH_READER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "incident-epochs");
        t.setDaemon(true);
        return t;
    });

    public IncidentsViewModel(FleetViewModel fleet, ObservableValue<Instant> now, IncidentSettings settings, IncidentHistory history) {
        this.fleet = fleet;
        this.now = now;
        this.engine = new IncidentEngine(settings, new dev.watchkeeper.app.ui.ObservedClock(now), history);
        all.setAll(history.since(null));
    }

    /**
     * Once {@code ready} completes, reads the history (the store's incidents from before this console
     * started and those other consoles or a recorder wrote) off the FX thread into {@link #all()}; the
     * versions this console grouped itself stay as they are now.
     */
    public IncidentsViewModel reloadWhen(java.util.concurrent.CompletionStage<?> ready) {
        ready.thenRunAsync(() -> {
            List<Incident> loaded = engine.history().since(null);
            Platform.runLater(() -> merge(loaded));
        }, EPOCH_READER);
        return this;
    }

    private void merge(List<Incident> loaded) {
        java.util.Map<String, Incident> mine = new java.util.LinkedHashMap<>();
        all.forEach(i -> mine.put(i.id(), i));
        List<Incident> merged = new ArrayList<>(loaded.size() + mine.size());
        for (Incident i : loaded) {
            Incident newer = mine.remove(i.id());
            merged.add(newer != null ? newer : i);
        }
        merged.addAll(mine.values());
        merged.sort(java.util.Comparator.comparing(Incident::start).reversed().thenComparing(Incident::id));
        all.setAll(merged);
    }

    /** Problems of the attention view, from the end of its initial load on. */
    public IncidentsViewModel watch(AttentionViewModel attention) {
        attention.addProblemListener(this::apply);
        return this;
    }

    /**
     * Failed pooler steps, each time a new epoch window is read. Finding them walks every project of
     * about 30 epochs (thousands each upstream), so it runs on a background thread; only the
     * newest window waiting is read, and the grouping runs on the FX thread.
     */
    public IncidentsViewModel watchEpochs(ObservableValue<EpochWindow> epochs) {
        epochs.addListener((obs, o, w) -> readLater(w));
        readLater(epochs.getValue());
        return this;
    }

    private void readLater(EpochWindow w) {
        if (w == null || pendingWindow.getAndSet(w) != null) {
            return;
        }
        EPOCH_READER.execute(() -> {
            EpochWindow latest = pendingWindow.getAndSet(null);
            if (latest != null) {
                List<Problem> failures = Problems.of(latest);
                Platform.runLater(() -> handle(engine.sync(Problems.POOLER_PREFIX, failures)));
            }
        });
    }

    /** Sources going down and coming back. */
    public IncidentsViewModel watchSources(ObservableMap<Source, SourceStatus> statuses) {
        statuses.addListener((MapChangeListener<Source, SourceStatus>) c ->
                handle(engine.sync(Problems.SOURCE_PREFIX, Problems.of(statuses.values()))));
        handle(engine.sync(Problems.SOURCE_PREFIX, Problems.of(statuses.values())));
        return this;
    }

    /** Problems that started and keys of problems that ended (the attention view's listener). */
    public void apply(List<Problem> started, List<String> ended) {
        handle(engine.apply(started, ended));
    }

    private void handle(List<IncidentEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (IncidentEvent e : events) {
            Incident i = e.incident();
            replaceOrAdd(all, i, true);
            switch (e.type()) {
                case OPENED, CHANGED -> replaceOrAdd(open, i, false);
                case RESOLVED -> open.removeIf(x -> x.id().equals(i.id()));
            }
        }
        membership.set(membership.get() + 1);
        for (IncidentEvent e : events) {
            listeners.forEach(l -> l.accept(e));
        }
    }

    private static void replaceOrAdd(ObservableList<Incident> list, Incident i, boolean newestFirst) {
        for (int k = 0; k < list.size(); k++) {
            if (list.get(k).id().equals(i.id())) {
                list.set(k, i);
                return;
            }
        }
        if (newestFirst) {
            list.addFirst(i);
        } else {
            list.add(i);
        }
    }

    /** Unresolved incidents, oldest first. */
    public ObservableList<Incident> open() {
        return open;
    }

    /** Every incident of the history, newest first. */
    public ObservableList<Incident> all() {
        return all;
    }

    /** Changes whenever incidents open, change or resolve: who shows what may have to re-check. */
    public ReadOnlyIntegerProperty membershipProperty() {
        return membership.getReadOnlyProperty();
    }

    /** Called for every incident that opens, changes or resolves. */
    public void addListener(Consumer<IncidentEvent> l) {
        listeners.add(l);
    }

    /** True when the entry's problem belongs to an open incident (the attention view shows it under the incident). */
    public boolean inOpenIncident(AttentionEntry e) {
        return engine.incidentIdOf(e.problemKey()) != null;
    }

    /** True when the entry's problem is lone so far but others of its cause began close to it: an incident may be forming. */
    public boolean forming(AttentionEntry e) {
        return !inOpenIncident(e) && engine.groupSizeOf(e.problemKey()) >= 2;
    }

    /** The open incident a problem key belongs to, null for a lone one. */
    public String incidentIdOf(String problemKey) {
        return engine.incidentIdOf(problemKey);
    }

    /** The fleet rows of the incident's indexers that are still affected (commands target these), in member order. */
    public List<IndexerRow> affectedRows(Incident incident) {
        java.util.Set<IndexerRow> rows = new java.util.LinkedHashSet<>();
        for (IncidentMember m : incident.members()) {
            IndexerId id = m.problem().indexer();
            IndexerRow row = id == null || m.recovered() ? null : fleet.row(id);
            if (row != null) {
                rows.add(row);
            }
        }
        return List.copyOf(rows);
    }

    public IncidentHistory history() {
        return engine.history();
    }

    public IncidentSettings settings() {
        return engine.settings();
    }

    /** The console's clock. */
    public ObservableValue<Instant> nowProperty() {
        return now;
    }

    public Instant now() {
        return now.getValue() == null ? Instant.now() : now.getValue();
    }
}
