package dev.watchkeeper.model.epoch;

import dev.watchkeeper.model.IndexerId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An epoch window flattened for the timeline: one lane per project, epochs oldest first, the time
 * range covered, every state ID seen, and a summary per epoch. Immutable; built off the FX thread.
 *
 * @param epochs     oldest first
 * @param epochStart per epoch, release time or (when missing) its earliest timestamp, UNIX seconds; null when neither.
 *                   An implausible start (see {@code suspectEpochs}) is replaced by where its epoch number puts it
 * @param minTime    start of the time axis (UNIX seconds): the earliest epoch start; 0 when the window has no times
 * @param maxTime    end of the time axis: the latest epoch start or plausible update timestamp. Absurd
 *                   timestamps (stale keys, clocks far off) are left out so they cannot squash the axis
 * @param suspectEpochs   IDs of epochs whose own start time was absurd and is estimated instead
 * @param outlierUpdates  updates whose timestamp lies outside [minTime, maxTime] (drawn clamped and marked)
 * @param stateIds   every state ID seen, in processing order, unknown ones placed by their timestamps ({@link StateOrder})
 * @param lanes      sorted by project ID
 */
public record EpochIndex(EpochWindow window, List<Epoch> epochs, List<Long> epochStart, long minTime, long maxTime,
                         List<String> stateIds, List<ProjectLane> lanes, Map<IndexerId, List<ProjectLane>> byIndexer,
                         List<EpochSummary> summaries, Set<Long> suspectEpochs, int outlierUpdates) {

    public static final EpochIndex EMPTY = new EpochIndex(null, List.of(), List.of(), 0, 0,
            List.of(), List.of(), Map.of(), List.of(), Set.of(), 0);

    /** Whether a timestamp lies off the time axis (and is drawn clamped to its edge). */
    public boolean offAxis(long t) {
        return t < minTime || t > maxTime;
    }

    public boolean suspect(long epochId) {
        return suspectEpochs.contains(epochId);
    }

    public int updateCount() {
        int n = 0;
        for (ProjectLane lane : lanes) {
            for (List<StateUpdate> u : lane.byEpoch()) {
                n += u.size();
            }
        }
        return n;
    }

    public List<ProjectLane> lanesOf(IndexerId id) {
        return byIndexer.getOrDefault(id, List.of());
    }

    public static EpochIndex build(EpochWindow window) {
        if (window == null) {
            return EMPTY;
        }
        List<Epoch> epochs = new ArrayList<>(window.epochs());
        epochs.sort(Comparator.comparingLong(Epoch::epochId));
        int n = epochs.size();
        StateOrder stateOrder = StateOrder.of(epochs);
        TreeSet<String> stateIds = new TreeSet<>(stateOrder.comparator());
        stateIds.add(EpochStates.EPOCH_RELEASED);
        // project ID → per-epoch updates; PRELOAD entries keyed by type wait in preloadByType.
        Map<String, List<List<StateUpdate>>> byProject = new HashMap<>();
        List<Map<String, List<StateUpdate>>> preloadByType = new ArrayList<>(n);
        List<Long> starts = new ArrayList<>(n);
        // each lane's list gets an epoch's updates state by state in processing order, so it is in the
        // lanes' order already unless noted here (sorting 60,000 short lists was most of a build)
        Set<List<StateUpdate>> unsorted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Comparator<Map.Entry<String, List<StateUpdate>>> byState = Map.Entry.comparingByKey(stateOrder.comparator());
        // every update's timestamp, for the axis and the outliers (two more walks over the objects)
        long[] times = new long[1024];
        int timed = 0;
        for (int e = 0; e < n; e++) {
            Epoch epoch = epochs.get(e);
            Map<String, List<StateUpdate>> preload = new HashMap<>();
            preloadByType.add(preload);
            Long start = epoch.releasedAt();
            long earliest = Long.MAX_VALUE;
            List<Map.Entry<String, List<StateUpdate>>> states = new ArrayList<>(epoch.states().entrySet());
            states.sort(byState);
            for (Map.Entry<String, List<StateUpdate>> s : states) {
                String stateId = s.getKey();
                stateIds.add(stateId);
                boolean isPreload = EpochStates.PRELOAD.equals(stateId);
                for (StateUpdate u : s.getValue()) {
                    Long t = u.timestamp();
                    if (t != null) {
                        earliest = Math.min(earliest, t);
                        if (timed == times.length) {
                            times = java.util.Arrays.copyOf(times, 2 * timed);
                        }
                        times[timed++] = t;
                    }
                    if (isPreload && u.projectId().indexOf(':') < 0) {
                        preload.computeIfAbsent(u.projectId(), k -> new ArrayList<>(1)).add(u);
                        continue;
                    }
                    List<List<StateUpdate>> perEpoch = byProject.get(u.projectId());
                    if (perEpoch == null) {
                        perEpoch = newEpochLists(n);
                        byProject.put(u.projectId(), perEpoch);
                    }
                    List<StateUpdate> list = perEpoch.get(e);
                    if (!stateId.equals(u.stateId()) || !list.isEmpty() && list.getLast().stateId().equals(stateId)
                            && timeKey(list.getLast()) > timeKey(u)) {
                        unsorted.add(list);
                    }
                    list.add(u);
                }
            }
            if (start == null && earliest != Long.MAX_VALUE) {
                start = earliest;
            }
            starts.add(start);
        }
        Set<Long> suspects = new java.util.TreeSet<>();
        long[] range = axis(epochs, starts, suspects, times, timed);
        long min = range[0];
        long max = range[1];
        int outliers = 0;
        for (int i = 0; i < timed; i++) {
            if (times[i] < min || times[i] > max) {
                outliers++;
            }
        }
        Comparator<StateUpdate> order = Comparator.comparing(StateUpdate::stateId, stateOrder.comparator())
                .thenComparing(u -> u.timestamp() == null ? Long.MAX_VALUE : u.timestamp());
        TreeMap<String, List<List<StateUpdate>>> sorted = new TreeMap<>(byProject);
        List<ProjectLane> lanes = new ArrayList<>(sorted.size());
        Map<IndexerId, List<ProjectLane>> byIndexer = new LinkedHashMap<>();
        for (Map.Entry<String, List<List<StateUpdate>>> p : sorted.entrySet()) {
            String type = ProjectIds.typeOf(p.getKey());
            boolean failed = false;
            List<List<StateUpdate>> perEpoch = p.getValue();
            for (int e = 0; e < n; e++) {
                List<StateUpdate> list = perEpoch.get(e);
                List<StateUpdate> preload = preloadByType.get(e).get(type);
                if (preload != null && !preload.isEmpty()) {
                    list.addAll(preload);
                    unsorted.add(list);
                }
                if (unsorted.contains(list)) {
                    list.sort(order);
                }
                for (StateUpdate u : list) {
                    failed |= u.failed();
                }
                perEpoch.set(e, List.copyOf(list));
            }
            IndexerId indexer = ProjectIds.indexerOf(p.getKey());
            ProjectLane lane = new ProjectLane(p.getKey(), indexer, failed, List.copyOf(perEpoch));
            lanes.add(lane);
            if (indexer != null) {
                byIndexer.computeIfAbsent(indexer, k -> new ArrayList<>()).add(lane);
            }
        }
        List<EpochSummary> summaries = epochs.stream().map(e -> EpochSummary.of(e, stateOrder)).toList();
        return new EpochIndex(window, List.copyOf(epochs), java.util.Collections.unmodifiableList(starts), min, max,
                List.copyOf(stateIds), List.copyOf(lanes), Map.copyOf(byIndexer), summaries,
                java.util.Collections.unmodifiableSet(suspects), outliers);
    }

    /**
     * The time axis {min, max} from the epochs shown: replaces absurd starts in {@code starts} by
     * their expected time (adding the epoch IDs to {@code suspects}), then extends the end to the
     * latest plausible update. {0, 0} when there are no times at all.
     */
    private static long[] axis(List<Epoch> epochs, List<Long> starts, Set<Long> suspects, long[] times, int timed) {
        List<Long> ids = epochs.stream().map(Epoch::epochId).toList();
        EpochTimes epochTimes = EpochTimes.of(ids, starts);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int e = 0; e < starts.size(); e++) {
            Long start = starts.get(e);
            if (start != null && !epochTimes.plausibleStart(ids.get(e), start)) {
                suspects.add(ids.get(e));
                start = epochTimes.expectedStart(ids.get(e));
                starts.set(e, start);
            }
            if (start != null) {
                min = Math.min(min, start);
                max = Math.max(max, start);
            }
        }
        if (min == Long.MAX_VALUE) {
            return new long[]{0, 0};
        }
        long lo = epochTimes.earliestUpdate(min);
        long hi = epochTimes.latestUpdate(max);
        for (int i = 0; i < timed; i++) {
            long t = times[i];
            if (t >= lo && t <= hi) {
                max = Math.max(max, t);
                min = Math.min(min, t);
            }
        }
        return new long[]{min, max};
    }

    /** The second key of the lanes' order: the timestamp, none last. */
    private static long timeKey(StateUpdate u) {
        return u.timestamp() == null ? Long.MAX_VALUE : u.timestamp();
    }

    private static List<List<StateUpdate>> newEpochLists(int n) {
        List<List<StateUpdate>> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(new ArrayList<>(6));
        }
        return l;
    }
}
