package dev.watchkeeper.model.epoch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tells plausible epoch times from absurd ones. Release keys left over from an earlier run, a
 * clock far in the future or an epoch without its release key can put one time hours away from
 * the rest; drawn as-is it stretches the time axis until every epoch is squashed into a few
 * pixels. A start is plausible within about twice the window's length (or an hour) of the
 * median start; an implausible one is replaced by where its epoch number puts it (median start
 * + epoch distance × median period).
 */
final class EpochTimes {

    /** How far (seconds) a start may be from the median start, at least. */
    static final long MIN_START_SLACK = 3_600;
    /** How long after the newest release an update still counts as plausible, at least. */
    static final long MIN_LATE_SLACK = 600;

    private final long period;
    private final long medianId;
    private final long medianStart;
    private final boolean known;
    private final int epochs;

    private EpochTimes(long period, long medianId, long medianStart, boolean known, int epochs) {
        this.period = period;
        this.medianId = medianId;
        this.medianStart = medianStart;
        this.known = known;
        this.epochs = epochs;
    }

    /** @param ids epoch numbers, ascending; @param starts their raw start times, null when unknown */
    static EpochTimes of(List<Long> ids, List<Long> starts) {
        List<long[]> known = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (starts.get(i) != null) {
                known.add(new long[]{ids.get(i), starts.get(i)});
            }
        }
        if (known.isEmpty()) {
            return new EpochTimes(1, 0, 0, false, ids.size());
        }
        List<Long> periods = new ArrayList<>();
        for (int i = 1; i < known.size(); i++) {
            long dId = known.get(i)[0] - known.get(i - 1)[0];
            long dT = known.get(i)[1] - known.get(i - 1)[1];
            if (dId > 0 && dT > 0) {
                periods.add(dT / dId);
            }
        }
        long period = periods.isEmpty() ? 1 : Math.max(1, median(periods));
        // The median start and its epoch: one outlier cannot move either.
        List<long[]> byStart = new ArrayList<>(known);
        byStart.sort((x, y) -> Long.compare(x[1], y[1]));
        long[] mid = byStart.get(byStart.size() / 2);
        return new EpochTimes(period, mid[0], mid[1], true, ids.size());
    }

    long period() {
        return period;
    }

    /** Where epoch {@code id} is expected to start. */
    long expectedStart(long id) {
        return medianStart + (id - medianId) * period;
    }

    boolean plausibleStart(long id, long start) {
        if (!known) {
            return true;
        }
        // Generous: only absurd times (hours off for a window of minutes) are outliers. Epochs
        // released together (a back-filled window) or irregularly stay where they are.
        long slack = Math.max(MIN_START_SLACK, 2L * Math.max(1, epochs) * period);
        return Math.abs(start - medianStart) <= slack;
    }

    /** The range an update's timestamp may fall in, given the (plausible) first and last epoch starts. */
    long earliestUpdate(long firstStart) {
        return firstStart - Math.max(60, 2 * period);
    }

    long latestUpdate(long lastStart) {
        return lastStart + Math.max(MIN_LATE_SLACK, 10 * period);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
