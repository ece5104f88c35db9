package dev.watchkeeper.app.attention;

import java.util.Comparator;

import java.util.Optional;

import java.util.function.Function;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.attention.AttentionRules;
import dev.watchkeeper.app.ui.FxThrottle;
import javafx.beans.Observable;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The indexers that need an operator, ranked, with live reasons. Re-evaluated once a second (the
 * reasons carry durations) and after fleet changes (at most four times a second); entries are updated in place so
 * the selection survives. Problems that newly appear after the initial load are reported to the
 * listeners (desktop notifications).
 */
public final class AttentionViewModel {

    private final FleetViewModel fleet;
    private final ObservableValue<Instant> now;
    private AttentionRules rules;
    private final List<Function<IndexerId, Optional<AttentionItem>>> extraRules = new ArrayList<>();
    private final Duration initialLoadGrace;
    private final Map<IndexerId, AttentionEntry> byId = new HashMap<>();
    private final ObservableList<AttentionEntry> entries = FXCollections.observableArrayList(e -> new Observable[]{e.itemProperty()});
    private final SortedList<AttentionEntry> ranked = new SortedList<>(entries,
            (a, b) -> AttentionItem.RANKING.compare(a.item(), b.item()));
    private final List<Consumer<List<AttentionEntry>>> newProblemListeners = new ArrayList<>();
    private Instant firstData;
    private boolean armed;
    private final FxThrottle throttle = new FxThrottle(Duration.ofMillis(250), this::recompute);

    public AttentionViewModel(FleetViewModel fleet, ObservableValue<Instant> now, AttentionRules rules, Duration initialLoadGrace) {
        this.fleet = fleet;
        this.now = now;
        this.rules = rules;
        this.initialLoadGrace = initialLoadGrace;
        fleet.changesProperty().addListener((obs, o, n) -> throttle.request());
        now.addListener((obs, o, n) -> throttle.runNow());
    }

    /** What lifecycle states mean depends on the coordinator (upstream's Deleting is final): re-evaluates with its rules. */
    public void setCoordinator(CoordinatorKind kind) {
        AttentionRules next = rules.withCoordinator(kind);
        if (next != rules) {
            rules = next;
            throttle.runNow();
        }
    }

    /** Most urgent first. */
    public ObservableList<AttentionEntry> ranked() {
        return ranked;
    }

    /** Called with problems of a notifying kind (Repairing, stalled) that appeared after the initial load. */
    public void addNewProblemListener(Consumer<List<AttentionEntry>> l) {
        newProblemListeners.add(l);
    }

    /** True once the initial load is over: problems found from now on are news. */
    public boolean isArmed() {
        return armed;
    }

    /**
     * Adds a rule beyond what Redis says (e.g. from the workers' metrics): its item counts like the
     * others', the most urgent one heads the entry. Call {@link #recompute()} when its input changes.
     */
    public void addRule(Function<IndexerId, Optional<AttentionItem>> rule) {
        extraRules.add(rule);
    }

    private Optional<AttentionItem> evaluate(IndexerRow row, Instant at) {
        Optional<AttentionItem> base = rules.evaluate(row.observation(), at);
        if (extraRules.isEmpty()) {
            return base;
        }
        List<AttentionItem> all = new ArrayList<>();
        base.ifPresent(all::add);
        int more = base.map(AttentionItem::more).orElse(0);
        for (Function<IndexerId, Optional<AttentionItem>> rule : extraRules) {
            rule.apply(row.id()).ifPresent(all::add);
        }
        if (all.isEmpty()) {
            return base;
        }
        AttentionItem top = all.stream().min(Comparator.comparing(AttentionItem::kind)).orElseThrow();
        return Optional.of(new AttentionItem(top.id(), top.kind(), top.reason(), top.since(), more + all.size() - 1));
    }

    public AttentionEntry entry(IndexerId id) {
        return byId.get(id);
    }

    /**
     * Evaluates every row now. Runs on each clock tick and after fleet changes, at most four times a
     * second: over 10k rows on every pulse it was a large share of the FX thread at 1,000 changes/s.
     */
    public void recompute() {
        Instant at = now.getValue() == null ? Instant.now() : now.getValue();
        if (firstData == null && !fleet.allRows().isEmpty()) {
            firstData = at;
        }
        Set<IndexerId> seen = new HashSet<>();
        List<AttentionEntry> added = new ArrayList<>();
        List<AttentionEntry> fresh = new ArrayList<>();
        for (IndexerRow row : fleet.allRows()) {
            AttentionItem item = evaluate(row, at).orElse(null);
            if (item == null) {
                continue;
            }
            seen.add(row.id());
            AttentionEntry e = byId.get(row.id());
            if (e == null) {
                e = new AttentionEntry(row, item);
                byId.put(row.id(), e);
                added.add(e);
                if (item.kind().notifies()) {
                    fresh.add(e);
                }
            } else if (e.row() != row) {
                // The indexer was removed and registered again: a new row object.
                entries.remove(e);
                e = new AttentionEntry(row, item);
                byId.put(row.id(), e);
                added.add(e);
            } else if (!e.item().equals(item)) {
                if (item.kind() != e.item().kind() && item.kind().notifies() && item.kind().compareTo(e.item().kind()) < 0) {
                    fresh.add(e);
                }
                e.set(item);
            }
        }
        if (byId.size() != seen.size()) {
            List<AttentionEntry> gone = new ArrayList<>();
            byId.entrySet().removeIf(en -> {
                if (!seen.contains(en.getKey())) {
                    gone.add(en.getValue());
                    return true;
                }
                return false;
            });
            entries.removeAll(gone);
        }
        if (!added.isEmpty()) {
            entries.addAll(added);
        }
        boolean wasArmed = armed;
        armed = armed || (firstData != null && Duration.between(firstData, at).compareTo(initialLoadGrace) >= 0);
        if (wasArmed && !fresh.isEmpty()) {
            newProblemListeners.forEach(l -> l.accept(fresh));
        }
    }
}
