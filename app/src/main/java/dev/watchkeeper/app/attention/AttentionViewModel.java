package dev.watchkeeper.app.attention;

import java.util.Comparator;

import java.util.Optional;

import java.util.function.Function;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.attention.AttentionRules;
import dev.watchkeeper.model.incident.Problem;
import dev.watchkeeper.model.incident.Problems;
import dev.watchkeeper.app.ui.FxThrottle;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
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
    /**
     * Rows found fine: the revision they were found fine at, and until when time alone cannot change
     * that ({@link AttentionRules#quietUntil}). Such a row is not evaluated again on a clock tick until
     * it changes or that moment comes: the idle cost of a large healthy fleet.
     */
    private final Map<IndexerRow, Quiet> quiet = new java.util.IdentityHashMap<>();

    private record Quiet(int revision, Instant until) {
    }

    /**
     * Whether the next evaluation must look at every row: the fleet, the rules or an extra rule's
     * input changed. A clock tick alone re-evaluates only the rows with an entry (their reasons carry
     * durations) until {@link #quietEnds}, the first moment time alone can bring a quiet row a problem.
     */
    private boolean everyRow = true;
    private Instant quietEnds = Instant.MIN;
    private final List<Function<IndexerId, Optional<AttentionItem>>> extraRules = new ArrayList<>();
    private final Duration initialLoadGrace;
    private final Map<IndexerId, AttentionEntry> byId = new HashMap<>();
    /**
     * Most urgent first, kept in order here with plain removes and inserts: an entry moves only when
     * its rank changes, a reason that changes in place reaches the cells through the entry's own
     * property. (A SortedList over a list firing an update for every changed reason, four times a
     * second, left the table's filtered list out of step with it in the soak.)
     */
    private final ObservableList<AttentionEntry> ranked = FXCollections.observableArrayList();
    private final ObservableList<AttentionEntry> rankedView = FXCollections.unmodifiableObservableList(ranked);
    private static final java.util.Comparator<AttentionEntry> BY_RANK = (a, b) -> AttentionItem.RANKING.compare(a.item(), b.item());
    private final List<Consumer<List<AttentionEntry>>> newProblemListeners = new ArrayList<>();
    private final List<BiConsumer<List<Problem>, List<String>>> problemListeners = new ArrayList<>();
    private Instant firstData;
    private boolean armed;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttentionViewModel.class);
    private boolean recomputing;
    private boolean again;
    private final FxThrottle throttle = new FxThrottle(Duration.ofMillis(250), this::evaluateNow);

    public AttentionViewModel(FleetViewModel fleet, ObservableValue<Instant> now, AttentionRules rules, Duration initialLoadGrace) {
        this.fleet = fleet;
        this.now = now;
        this.rules = rules;
        this.initialLoadGrace = initialLoadGrace;
        fleet.changesProperty().addListener((obs, o, n) -> {
            everyRow = true;
            throttle.request();
        });
        now.addListener((obs, o, n) -> throttle.runNow());
    }

    /** What lifecycle states mean depends on the coordinator (upstream's Deleting is final): re-evaluates with its rules. */
    public void setCoordinator(CoordinatorKind kind) {
        AttentionRules next = rules.withCoordinator(kind);
        if (next != rules) {
            rules = next;
            quiet.clear();
            everyRow = true;
            throttle.runNow();
        }
    }

    /** The session's clock, ticking once a second: ages in the view follow it. */
    public ObservableValue<Instant> now() {
        return now;
    }

    /** Most urgent first. */
    public ObservableList<AttentionEntry> ranked() {
        return rankedView;
    }

    /** Called with problems of a notifying kind (Repairing, stalled) that appeared after the initial load. */
    public void addNewProblemListener(Consumer<List<AttentionEntry>> l) {
        newProblemListeners.add(l);
    }

    /**
     * Called after each evaluation that changed which problems exist, once the initial load is over
     * (a problem already present then has no known start): the problems that started and the keys
     * ({@link Problems#key}) of those that ended. Feeds the incident engine.
     */
    public void addProblemListener(BiConsumer<List<Problem>, List<String>> l) {
        problemListeners.add(l);
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

    /** Every problem of the row: the rules' and those of the extra rules (worker metrics). */
    private List<AttentionItem> problems(IndexerRow row, Instant at) {
        List<AttentionItem> all = rules.problems(row.observation(), at);
        if (extraRules.isEmpty()) {
            return all;
        }
        List<AttentionItem> more = new ArrayList<>(all);
        for (Function<IndexerId, Optional<AttentionItem>> rule : extraRules) {
            rule.apply(row.id()).ifPresent(more::add);
        }
        return more;
    }

    /** The extra rules (e.g. failure-rate jumps from metrics) read data the row does not hold: asked every time. */
    private boolean noExtraProblem(IndexerRow row) {
        for (Function<IndexerId, Optional<AttentionItem>> rule : extraRules) {
            if (rule.apply(row.id()).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    public AttentionEntry entry(IndexerId id) {
        return byId.get(id);
    }

    /** Takes {@code leaving} out of the ranking and puts {@code arriving} in at their ranks (an entry can be both: it moves). */
    private void place(List<AttentionEntry> leaving, List<AttentionEntry> arriving) {
        if (!leaving.isEmpty()) {
            ranked.removeAll(new HashSet<>(leaving));
        }
        if (arriving.isEmpty()) {
            return;
        }
        if (ranked.isEmpty()) {
            List<AttentionEntry> all = new ArrayList<>(arriving);
            all.sort(BY_RANK);
            ranked.setAll(all);
            return;
        }
        for (AttentionEntry e : arriving) {
            int at = java.util.Collections.binarySearch(ranked, e, BY_RANK);
            ranked.add(at < 0 ? ~at : at, e);
        }
    }

    /** The problems of a row that started (kinds in {@code now}, not in {@code before}) and ended (the other way round). */
    private static void track(IndexerRow row, List<AttentionItem> all, int before, int now, Instant at,
                              List<Problem> started, List<String> ended) {
        for (AttentionItem p : all) {
            if ((before & (1 << p.kind().ordinal())) == 0) {
                started.add(Problems.of(p, row.observation().lastPublishedBlock(), at));
            }
        }
        int gone = before & ~now;
        for (AttentionKind k : AttentionKind.values()) {
            if ((gone & (1 << k.ordinal())) != 0) {
                ended.add(Problems.key(row.id(), k));
            }
        }
    }

    /**
     * Evaluates every row now (an extra rule's input changed). Also runs, through the throttle, on
     * each clock tick and after fleet changes, at most four times a second: over 10k rows on every
     * pulse it was a large share of the FX thread at 1,000 changes/s.
     */
    public void recompute() {
        everyRow = true;
        evaluateNow();
    }

    private void evaluateNow() {
        if (!javafx.application.Platform.isFxApplicationThread()) {
            // the list feeds tables: changed from another thread it corrupts the filtered views over it
            try {
                javafx.application.Platform.runLater(this::evaluateNow);
                LOG.warn("attention recompute called off the FX thread ({}): moved to it", Thread.currentThread().getName(),
                        new IllegalStateException("called from here"));
                return;
            } catch (IllegalStateException noToolkit) {
                // no FX toolkit (a plain unit test): nothing else can touch the list, evaluate here
            }
        }
        if (recomputing) {
            // Called from a listener while this evaluation announces its changes (a table, an incident
            // regrouping): changing the list now would hand the views over it a stale change. Once more after.
            again = true;
            return;
        }
        recomputing = true;
        try {
            int rounds = 0;
            do {
                again = false;
                evaluate();
            } while (again && ++rounds < 2);
            if (again) {
                again = false;
                javafx.application.Platform.runLater(this::evaluateNow);
            }
        } finally {
            recomputing = false;
        }
    }

    private void evaluate() {
        Instant at = now.getValue() == null ? Instant.now() : now.getValue();
        if (firstData == null && !fleet.allRows().isEmpty()) {
            firstData = at;
        }
        Set<IndexerId> seen = new HashSet<>();
        List<AttentionEntry> added = new ArrayList<>();
        List<AttentionEntry> leaving = new ArrayList<>();
        List<AttentionEntry> fresh = new ArrayList<>();
        List<Problem> started = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        Map<IndexerRow, AttentionKind> kindChanged = new HashMap<>();
        List<IndexerRow> rows = fleet.allRows();
        // a tick alone: only the rows with an entry can change, unless a quiet row's time has come
        boolean all = everyRow || !at.isBefore(quietEnds);
        everyRow = false;
        if (all) {
            quietEnds = Instant.MAX;
        }
        Iterable<IndexerRow> evaluated = all ? rows : byId.values().stream().map(AttentionEntry::row).toList();
        for (IndexerRow row : evaluated) {
            Quiet q = quiet.get(row);
            if (q != null && q.revision() == row.revisionProperty().get() && at.isBefore(q.until()) && noExtraProblem(row)) {
                quietEnds = min(quietEnds, q.until());
                continue;
            }
            // Every problem feeds the incidents (an indexer can be in a lake outage and a runner failure at once);
            // the most urgent one is the entry's, as AttentionRules.evaluate picks it.
            List<AttentionItem> problems = problems(row, at);
            if (problems.isEmpty()) {
                Instant until = rules.quietUntil(row.observation());
                quiet.put(row, new Quiet(row.revisionProperty().get(), until));
                quietEnds = min(quietEnds, until);
                continue;
            }
            quiet.remove(row);
            AttentionItem top = problems.getFirst();
            int kinds = 0;
            for (AttentionItem p : problems) {
                kinds |= 1 << p.kind().ordinal();
                if (p.kind().compareTo(top.kind()) < 0) {
                    top = p;
                }
            }
            AttentionItem item = new AttentionItem(top.id(), top.kind(), top.reason(), top.since(), problems.size() - 1);
            if (row.attention() != item.kind()) {
                kindChanged.put(row, item.kind());
            }
            seen.add(row.id());
            AttentionEntry e = byId.get(row.id());
            if (e == null) {
                e = new AttentionEntry(row, item);
                byId.put(row.id(), e);
                added.add(e);
                track(row, problems, 0, kinds, at, started, ended);
                e.kinds = kinds;
                if (item.kind().notifies()) {
                    fresh.add(e);
                }
            } else if (e.row() != row) {
                // The indexer was removed and registered again: a new row object.
                leaving.add(e);
                track(row, List.of(), e.kinds, 0, at, started, ended);
                e = new AttentionEntry(row, item);
                byId.put(row.id(), e);
                added.add(e);
                track(row, problems, 0, kinds, at, started, ended);
                e.kinds = kinds;
            } else {
                if (e.kinds != kinds) {
                    track(row, problems, e.kinds, kinds, at, started, ended);
                    e.kinds = kinds;
                }
                if (!e.item().equals(item)) {
                    if (item.kind() != e.item().kind() && item.kind().notifies() && item.kind().compareTo(e.item().kind()) < 0) {
                        fresh.add(e);
                    }
                    if (AttentionItem.RANKING.compare(e.item(), item) != 0) {
                        leaving.add(e);
                        added.add(e);
                    }
                    e.set(item);
                }
            }
        }
        if (all && quiet.size() > rows.size()) {
            // rows that left the fleet
            Set<IndexerRow> present = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            present.addAll(rows);
            quiet.keySet().retainAll(present);
        }
        if (byId.size() != seen.size()) {
            // on a tick pass only entries were evaluated: those not seen lost their problems
            List<AttentionEntry> gone = new ArrayList<>();
            byId.entrySet().removeIf(en -> {
                if (!seen.contains(en.getKey())) {
                    gone.add(en.getValue());
                    kindChanged.put(en.getValue().row(), null);
                    track(en.getValue().row(), List.of(), en.getValue().kinds, 0, at, started, ended);
                    return true;
                }
                return false;
            });
            leaving.addAll(gone);
        }
        place(leaving, added);
        if (!kindChanged.isEmpty()) {
            fleet.applyAttention(kindChanged);
        }
        boolean wasArmed = armed;
        armed = armed || (firstData != null && Duration.between(firstData, at).compareTo(initialLoadGrace) >= 0);
        if (wasArmed && (!started.isEmpty() || !ended.isEmpty())) {
            // Before the notifications: they ask whether a new problem already belongs to an incident.
            problemListeners.forEach(l -> l.accept(started, ended));
        }
        if (wasArmed && !fresh.isEmpty()) {
            newProblemListeners.forEach(l -> l.accept(fresh));
        }
    }
}
