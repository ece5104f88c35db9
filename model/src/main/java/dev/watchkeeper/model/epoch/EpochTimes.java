package dev.watchkeeper.model.epoch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tells plausible epoch times from absurd ones. Release keys left over from an earlier run, a
 * clock far in the future or an epoch without its release key can put one time hours away from
 * the rest; drawn as-is it stretches the time axis until every epoch is squashed into a few
 * pixels. Epochs are released at a steady pace, so a start is plausible when it lies near where
 * its epoch number says it should (median start + epoch distance × median period).
 */
final class EpochTimes {

    /** How far (seconds) a start may be from where its epoch number puts it, at least. */
    static final long MIN_START_SLACK = 120;
    /** How long after the newest release an update still counts as plausible, at least. */
    static final long MIN_LATE_SLACK = 600;

    private final long period;
    private final long medianId;
    private final long medianStart;
    private final boolean known;

    private EpochTimes(long period, long medianId, long medianStart, boolean known) {
        this.period = period;
        this.medianId = medianId;
        this.medianStart = medianStart;
        this.known = known;
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
            return new EpochTimes(1, 0, 0, false);
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
        // The middle epoch (by position) and its start: one outlier cannot move either.
        List<Long> normalized = new ArrayList<>();
        for (long[] k : known) {
            normalized.add(k[1] - k[0] * period);
        }
        long offset = median(normalized);
        long midId = known.get(known.size() / 2)[0];
        return new EpochTimes(period, midId, offset + midId * period, true);
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
        long slack = Math.max(MIN_START_SLACK, 4 * period);
        return Math.abs(start - expectedStart(id)) <= slack;
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
