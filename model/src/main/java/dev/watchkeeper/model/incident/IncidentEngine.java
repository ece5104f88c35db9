package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.attention.HumanDuration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Groups problems that began close together and share a likely cause into incidents.
 * <p>
 * Problems of one <em>signature</em> (the kind; for pooler failures also the epoch, state and
 * error text; for stalled streams also the block-height neighbourhood) are linked when each began
 * within {@link IncidentSettings#window()} of another member (single linkage on start times, so
 * stalls that the block streamer reports over its 120 s health period stay one group). A group
 * becomes an incident once {@link IncidentSettings#minSize()} of its members (and
 * {@link IncidentSettings#minShare()} of the subjects that could have had the problem, when known)
 * began within one window: linkage alone would chain unrelated problems of a busy fleet that
 * arrive a minute apart. Smaller or sparser groups stay lone problems. An incident ends when its
 * last member recovers; a problem that starts after that opens a new group.
 * <p>
 * A per-kind baseline keeps a busy fleet's chance clusters apart from outages: the engine measures
 * each kind's background rate ({@link BackgroundRate}: a trimmed mean of how many began per window
 * over the last {@link IncidentSettings#baselineHorizon()}), and for kinds without a
 * population a group becomes an incident only when its count within one window would come from
 * that rate with probability at most {@link IncidentSettings#significance()} (a Poisson tail). The
 * same rate decides membership: a problem joins an open incident only while more of the incident's own
 * members began within a window of it than the background brings problems of the kind in a window
 * (more likely the incident's than the background's), and when a group opens, members that began
 * before its burst with no such rate after them stay lone. Six lone stalls a minute then no longer
 * chain into one long "incident".
 * <p>
 * Not thread-safe: feed it from one thread (the console's FX thread, the CLI's main thread). The
 * cost is proportional to the problems that start or end, not to those that persist.
 */
public final class IncidentEngine {

    /** Numbers, hex addresses and hashes: they differ between the members of one failure (contracts, blocks, ports). */
    private static final Pattern NUMBERS = Pattern.compile("0x[0-9a-f]+|\\b[0-9a-f]{8,}\\b|[0-9]+");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final IncidentSettings settings;
    private final Clock clock;
    private final IncidentHistory history;
    private final DateTimeFormatter hms;
    private final Map<String, Group> byKey = new HashMap<>();
    private final Map<String, ArrayDeque<Group>> recent = new HashMap<>();
    private final Map<String, Group> open = new LinkedHashMap<>();
    private final Map<String, Set<String>> families = new HashMap<>();
    /** Sources down recently (key → problem, end): evidence for incidents that overlap them. */
    private final Map<String, IncidentMember> sourceOutages = new LinkedHashMap<>();
    /** Each kind's background rate (kinds without a population only). */
    private final Map<String, BackgroundRate> baselines = new HashMap<>();
    private Instant watchingSince;
    private int sequence;

    public IncidentEngine(IncidentSettings settings, Clock clock, IncidentHistory history) {
        this.settings = settings;
        this.clock = clock;
        this.history = history;
        this.hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(clock.getZone());
    }

    public static IncidentEngine defaults(Clock clock) {
        return new IncidentEngine(IncidentSettings.defaults(), clock, new InMemoryIncidentHistory());
    }

    public IncidentSettings settings() {
        return settings;
    }

    public IncidentHistory history() {
        return history;
    }

    /**
     * Problems that started and problems (by key) that ended since the last call; ends are dated
     * now. A key that is already active is ignored when started again.
     *
     * @return what happened to incidents: opened, changed, resolved (at most one event per incident)
     */
    public List<IncidentEvent> apply(Collection<Problem> started, Collection<String> ended) {
        Instant now = clock.instant();
        if (watchingSince == null) {
            watchingSince = now;
        }
        Map<Group, IncidentEvent.Type> touched = new LinkedHashMap<>();
        for (String key : ended) {
            Group g = byKey.remove(key);
            if (g != null && g.end(key, now) && g.id != null) {
                touched.putIfAbsent(g, IncidentEvent.Type.CHANGED);
                if (g.active == 0) {
                    g.resolvedAt = now;
                    open.remove(g.id);
                    touched.put(g, IncidentEvent.Type.RESOLVED);
                }
            }
            IncidentMember outage = sourceOutages.get(key);
            if (outage != null && outage.end() == null) {
                sourceOutages.put(key, new IncidentMember(outage.problem(), now));
            }
        }
        for (Problem p : started) {
            if (byKey.containsKey(p.key())) {
                continue;
            }
            if (Problem.SOURCE_DOWN.equals(p.kind())) {
                sourceOutages.put(p.key(), new IncidentMember(p, null));
            }
            BackgroundRate baseline = p.population() == null ? baselines.computeIfAbsent(p.kind(),
                    k -> new BackgroundRate(settings.window(), settings.baselineHorizon())) : null;
            double background = baseline == null ? 0 : baseline.expectedPerWindow(watchingSince, now);
            if (baseline != null) {
                baseline.started(p.start());
            }
            Group g = place(p, background);
            byKey.put(p.key(), g);
            if (g.id == null && g.dense(p.start(), background)) {
                detachBeforeBurst(g, background);
                g.id = "INC-" + ID_TIME.format(g.first) + "-" + (++sequence);
                open.put(g.id, g);
                touched.put(g, IncidentEvent.Type.OPENED);
            } else if (g.id != null) {
                touched.putIfAbsent(g, IncidentEvent.Type.CHANGED);
            }
        }
        List<IncidentEvent> events = new ArrayList<>(touched.size());
        for (var e : touched.entrySet()) {
            Incident snapshot = e.getKey().snapshot();
            history.record(snapshot);
            events.add(new IncidentEvent(e.getValue(), snapshot));
        }
        forgetOld(now);
        return events;
    }

    /**
     * Replaces the active problems whose keys start with {@code prefix} by {@code active}: new keys
     * start, missing ones end. For sources read whole each time (epoch windows, source statuses).
     */
    public List<IncidentEvent> sync(String prefix, Collection<Problem> active) {
        Set<String> before = families.computeIfAbsent(prefix, k -> new HashSet<>());
        Set<String> now = new HashSet<>(active.size() * 2);
        List<Problem> started = new ArrayList<>();
        for (Problem p : active) {
            if (!p.key().startsWith(prefix)) {
                throw new IllegalArgumentException("problem " + p.key() + " is not under " + prefix);
            }
            if (now.add(p.key()) && !before.contains(p.key())) {
                started.add(p);
            }
        }
        List<String> ended = new ArrayList<>();
        for (String k : before) {
            if (!now.contains(k)) {
                ended.add(k);
            }
        }
        families.put(prefix, now);
        return apply(started, ended);
    }

    /** Unresolved incidents, oldest first. */
    public List<Incident> openIncidents() {
        return open.values().stream().map(Group::snapshot).toList();
    }

    /** The open incident an active problem belongs to; empty for a lone problem. */
    public Optional<Incident> incidentOf(String key) {
        Group g = byKey.get(key);
        return g == null || g.id == null || g.resolvedAt != null ? Optional.empty() : Optional.of(g.snapshot());
    }

    /** The id of the open incident an active problem belongs to, null for a lone problem (cheap). */
    public String incidentIdOf(String key) {
        Group g = byKey.get(key);
        return g == null || g.resolvedAt != null ? null : g.id;
    }

    /**
     * How many problems the group of an active problem holds, incident or not (0 for an unknown key):
     * a lone problem whose group is still growing may be the first of an incident.
     */
    public int groupSizeOf(String key) {
        Group g = byKey.get(key);
        return g == null ? 0 : g.members.size();
    }

    private Group place(Problem p, double background) {
        String signature = signature(p);
        boolean byHeight = settings.heightKinds().contains(p.kind()) && p.blockHeight() != null;
        ArrayDeque<Group> candidates = recent.computeIfAbsent(signature, k -> new ArrayDeque<>());
        Instant from = p.start().minus(settings.window());
        Instant to = p.start().plus(settings.window());
        for (Iterator<Group> it = candidates.descendingIterator(); it.hasNext(); ) {
            Group g = it.next();
            if (g.resolvedAt != null || g.first.isAfter(to) || g.last.isBefore(from)) {
                continue;
            }
            if (byHeight && g.anchorHeight != null && Math.abs(p.blockHeight() - g.anchorHeight) > settings.blockNeighbourhood()) {
                continue;
            }
            // an open incident takes a problem only while its own members come faster than the background
            // (the window on both sides: a problem may be reported after others that began later)
            if (g.id != null && background > 0
                    && g.startsWithin(p.start().minus(settings.window()), p.start().plus(settings.window())) <= background) {
                continue;
            }
            g.add(p);
            return g;
        }
        Group g = new Group(p.kind(), p.kindLabel(), byHeight ? p.blockHeight() : null);
        g.add(p);
        candidates.addLast(g);
        return g;
    }

    /**
     * When a group opens, its members that began before the burst with no more members in the window
     * after them than the background brings (a chain of lone problems that the burst's first member
     * linked to) go back to being lone, in a group of their own. Walks back from the first window that
     * made the group dense.
     */
    private void detachBeforeBurst(Group g, double background) {
        if (background <= 0) {
            return;
        }
        List<Instant> starts = g.starts;
        int n = g.threshold(background);
        int burst = -1;
        for (int from = 0; from + n - 1 < starts.size(); from++) {
            if (!starts.get(from + n - 1).isAfter(starts.get(from).plus(settings.window()))) {
                burst = from;
                break;
            }
        }
        if (burst <= 0) {
            return;
        }
        Instant keepFrom = starts.get(burst);
        for (int i = burst - 1; i >= 0; i--) {
            Instant s = starts.get(i);
            if (g.startsWithin(s, s.plus(settings.window())) - 1 <= background) {
                break;
            }
            keepFrom = s;
        }
        Instant cut = keepFrom;
        List<IncidentMember> before = g.members.stream().filter(m -> m.start().isBefore(cut)).toList();
        if (before.isEmpty()) {
            return;
        }
        Group lone = g.detach(before);
        for (IncidentMember m : before) {
            if (byKey.get(m.problem().key()) == g) {
                byKey.put(m.problem().key(), lone);
            }
        }
        ArrayDeque<Group> q = recent.computeIfAbsent(signature(before.getFirst().problem()), k -> new ArrayDeque<>());
        q.addFirst(lone);
    }

    /** Groups whose members all began more than two windows ago take no new members. */
    private void forgetOld(Instant now) {
        Instant horizon = now.minus(settings.window().multipliedBy(2));
        for (Iterator<ArrayDeque<Group>> it = recent.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Group> q = it.next();
            q.removeIf(g -> g.last.isBefore(horizon));
            if (q.isEmpty()) {
                it.remove();
            }
        }
        sourceOutages.values().removeIf(m -> m.end() != null && m.end().isBefore(horizon));
        for (Iterator<BackgroundRate> it = baselines.values().iterator(); it.hasNext(); ) {
            BackgroundRate b = it.next();
            b.forget(now);
            if (b.isEmpty()) {
                it.remove();
            }
        }
    }

    private String signature(Problem p) {
        if (Problem.POOLER_FAILURE.equals(p.kind())) {
            return p.kind() + "|" + p.epochId() + "|" + p.stateId() + "|" + normalise(p.error());
        }
        if (settings.heightKinds().contains(p.kind()) && p.blockHeight() == null) {
            return p.kind() + "|height unknown";
        }
        return p.kind();
    }

    /** Error texts that differ only in numbers (ports, durations, addresses) count as the same text. */
    static String normalise(String error) {
        if (error == null) {
            return "";
        }
        String s = NUMBERS.matcher(error.strip().toLowerCase(Locale.ROOT)).replaceAll("#");
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** One group of problems; an incident once it has an id. */
    private final class Group {
        final String kind;
        final String kindLabel;
        final Long anchorHeight;
        final List<IncidentMember> members = new ArrayList<>();
        /** Member starts in order, to find {@code minSize} of them within one window. */
        final List<Instant> starts = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();
        Instant first;
        Instant last;
        long minHeight = Long.MAX_VALUE;
        long maxHeight = Long.MIN_VALUE;
        int active;
        /** False once a member arrived that began before the last one: the snapshot then sorts. */
        boolean inStartOrder = true;
        Integer population;
        String id;
        Instant resolvedAt;
        Incident snapshot;

        Group(String kind, String kindLabel, Long anchorHeight) {
            this.kind = kind;
            this.kindLabel = kindLabel;
            this.anchorHeight = anchorHeight;
        }

        void add(Problem p) {
            Integer at = index.get(p.key());
            if (at != null) {
                // The same problem came back while the group lasts (a flapping stream): it lasts again.
                members.set(at, new IncidentMember(members.get(at).problem(), null));
            } else {
                index.put(p.key(), members.size());
                if (!members.isEmpty() && p.start().isBefore(members.getLast().start())) {
                    inStartOrder = false;
                }
                members.add(new IncidentMember(p, null));
                int at2 = java.util.Collections.binarySearch(starts, p.start());
                starts.add(at2 < 0 ? -at2 - 1 : at2, p.start());
                first = first == null || p.start().isBefore(first) ? p.start() : first;
                last = last == null || p.start().isAfter(last) ? p.start() : last;
                if (p.population() != null && (population == null || p.population() > population)) {
                    population = p.population();
                }
                if (p.blockHeight() != null) {
                    minHeight = Math.min(minHeight, p.blockHeight());
                    maxHeight = Math.max(maxHeight, p.blockHeight());
                }
            }
            active++;
            snapshot = null;
        }

        /**
         * Members an incident of this group needs within one window: the minimum (and share of the
         * population, when known); without a population also a count the background rate reaches only
         * with probability at most {@link IncidentSettings#significance()}.
         */
        int threshold(double background) {
            int n = settings.minSize(population);
            return population != null ? n : Math.max(n, BackgroundRate.significantCount(background, settings.significance()));
        }

        /** How many members began in [from, to]. */
        int startsWithin(Instant from, Instant to) {
            int lo = java.util.Collections.binarySearch(starts, from);
            lo = lo < 0 ? -lo - 1 : lo;
            while (lo > 0 && !starts.get(lo - 1).isBefore(from)) {
                lo--;
            }
            int hi = java.util.Collections.binarySearch(starts, to);
            hi = hi < 0 ? -hi - 1 : hi;
            while (hi < starts.size() && !starts.get(hi).isAfter(to)) {
                hi++;
            }
            return hi - lo;
        }

        /** Moves {@code leaving} into a new group (same kind and anchor), rebuilding this one without them. */
        Group detach(List<IncidentMember> leaving) {
            Set<String> keys = new HashSet<>();
            leaving.forEach(m -> keys.add(m.problem().key()));
            List<IncidentMember> staying = members.stream().filter(m -> !keys.contains(m.problem().key())).toList();
            Group other = new Group(kind, kindLabel, anchorHeight);
            other.rebuild(leaving);
            rebuild(staying);
            return other;
        }

        private void rebuild(List<IncidentMember> list) {
            members.clear();
            starts.clear();
            index.clear();
            first = null;
            last = null;
            minHeight = Long.MAX_VALUE;
            maxHeight = Long.MIN_VALUE;
            active = 0;
            inStartOrder = true;
            population = null;
            for (IncidentMember m : list) {
                add(m.problem());
                if (m.recovered()) {
                    end(m.problem().key(), m.end());
                }
            }
        }

        /** True when {@link #threshold} member starts, among them {@code start}, lie within one window. */
        boolean dense(Instant start, double background) {
            int n = threshold(background);
            if (starts.size() < n) {
                return false;
            }
            int i = java.util.Collections.binarySearch(starts, start);
            i = i < 0 ? -i - 1 : i;
            for (int from = Math.max(0, i - n + 1); from <= i && from + n - 1 < starts.size(); from++) {
                if (!starts.get(from + n - 1).isAfter(starts.get(from).plus(settings.window()))) {
                    return true;
                }
            }
            return false;
        }

        /** True when the member was active. */
        boolean end(String key, Instant now) {
            Integer at = index.get(key);
            if (at == null || members.get(at).recovered()) {
                return false;
            }
            members.set(at, new IncidentMember(members.get(at).problem(), now));
            active--;
            snapshot = null;
            return true;
        }

        Incident snapshot() {
            if (snapshot == null) {
                List<IncidentMember> ordered;
                if (inStartOrder) {
                    ordered = List.copyOf(members);
                } else {
                    List<IncidentMember> sorted = new ArrayList<>(members);
                    sorted.sort(java.util.Comparator.comparing(IncidentMember::start));
                    ordered = List.copyOf(sorted);
                }
                Problem any = ordered.getFirst().problem();
                Duration span = Duration.between(first, last);
                boolean heights = anchorHeight != null && minHeight <= maxHeight;
                String title = IncidentTitles.title(kind, kindLabel, members.size(), span,
                        heights ? minHeight : null, heights ? maxHeight : null,
                        any.epochId(), any.stateId(), any.error(), Problem.SOURCE_DOWN.equals(kind) ? sources(ordered) : "");
                Instant end = resolvedAt == null ? null : lastEnd();
                snapshot = new Incident(id == null ? "" : id, kind, kindLabel, title, first, end, ordered, evidence(any, span, heights));
            }
            return snapshot;
        }

        private Instant lastEnd() {
            Instant end = first;
            for (IncidentMember m : members) {
                if (m.end() != null && m.end().isAfter(end)) {
                    end = m.end();
                }
            }
            return end;
        }

        private String sources(List<IncidentMember> ordered) {
            Set<String> names = new LinkedHashSet<>();
            for (IncidentMember m : ordered) {
                if (m.problem().source() != null) {
                    names.add(m.problem().source());
                }
            }
            return String.join(", ", names);
        }

        private List<String> evidence(Problem any, Duration span, boolean heights) {
            List<String> out = new ArrayList<>();
            out.add(members.size() + " problems of one kind (" + kindLabel + ") began between " + hms.format(first) + " and "
                    + hms.format(last) + " (" + HumanDuration.format(span) + "), each within "
                    + HumanDuration.format(settings.window()) + " of another");
            if (heights) {
                out.add("last published blocks " + IncidentTitles.number(minHeight) + " to " + IncidentTitles.number(maxHeight)
                        + " (within " + IncidentTitles.number(settings.blockNeighbourhood()) + " blocks of the first stall)");
            }
            if (Problem.POOLER_FAILURE.equals(kind)) {
                out.add("all in epoch " + any.epochId() + " at state " + any.stateId());
                if (any.error() != null && !any.error().isEmpty()) {
                    out.add("the same error text: \"" + IncidentTitles.shorten(any.error(), 200) + "\"");
                }
            }
            Instant from = first.minus(settings.window());
            Instant to = last.plus(settings.window());
            for (IncidentMember outage : sourceOutages.values()) {
                Problem s = outage.problem();
                boolean overlaps = !s.start().isAfter(to) && (outage.end() == null || !outage.end().isBefore(from));
                if (overlaps && !Problem.SOURCE_DOWN.equals(kind)) {
                    out.add("meanwhile " + s.subject() + " was down (since " + hms.format(s.start())
                            + (outage.end() == null ? "" : ", back at " + hms.format(outage.end())) + ")");
                }
            }
            return out;
        }
    }
}
