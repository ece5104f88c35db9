package dev.watchkeeper.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Growth checks on the per-minute samples after the warm-up: a robust (Theil-Sen) line through
 * the live heap, threads and file descriptors. They need {@link #MIN_ROWS} rows after the warm-up
 * to be judged (a few minutes of sawtooth, or of pools that grow during a fault and shrink after
 * it, say nothing about a slope); a shorter run says so in its summary instead of passing them.
 */
final class Trends {

    static final double MAX_HEAP_MB_PER_HOUR = 20;
    static final double MAX_THREAD_GROWTH = 3;
    static final double MAX_FD_GROWTH = 10;
    static final int MIN_ROWS = 8;

    /** One sample: seconds into the run, live heap MB, threads, file descriptors. */
    record Point(double seconds, double heapMb, double threads, double fds) {
    }

    /**
     * @param heapMbPerHour fitted heap slope, NaN when not judged
     * @param threadGrowth  fitted thread growth over the trend span, NaN when not judged
     * @param fdGrowth      fitted descriptor growth over the trend span, NaN when not judged
     * @param problems      what failed
     * @param notJudged     what could not be judged, and why
     */
    record Result(double heapMbPerHour, double threadGrowth, double fdGrowth, List<String> problems, List<String> notJudged) {
    }

    private Trends() {
    }

    static Result judge(List<Point> all, double warmUpSeconds) {
        List<Point> trend = all.stream().filter(p -> p.seconds() >= warmUpSeconds).toList();
        List<String> problems = new ArrayList<>();
        List<String> notJudged = new ArrayList<>();
        double heap = Double.NaN;
        double threads = Double.NaN;
        double fds = Double.NaN;
        if (trend.size() >= MIN_ROWS) {
            double span = trend.getLast().seconds() - trend.getFirst().seconds();
            heap = slopePerSecond(trend, Point::heapMb) * 3600;
            threads = slopePerSecond(trend, Point::threads) * span;
            fds = slopePerSecond(trend, Point::fds) * span;
            if (heap > MAX_HEAP_MB_PER_HOUR) {
                problems.add(String.format(Locale.ROOT, "the live heap grows %.1f MB/h after the warm-up (limit %.0f)", heap, MAX_HEAP_MB_PER_HOUR));
            }
            if (threads > MAX_THREAD_GROWTH) {
                problems.add(String.format(Locale.ROOT, "threads grow by %.1f after the warm-up (limit %.0f)", threads, MAX_THREAD_GROWTH));
            }
            if (fds > MAX_FD_GROWTH) {
                problems.add(String.format(Locale.ROOT, "file descriptors grow by %.1f after the warm-up (limit %.0f)", fds, MAX_FD_GROWTH));
            }
        } else {
            notJudged.add("heap, threads and descriptors growth: " + trend.size() + " minutes after the warm-up, " + MIN_ROWS
                    + " needed (run at least " + MIN_ROWS + " minutes past the warm-up)");
        }
        return new Result(heap, threads, fds, problems, notJudged);
    }

    /** Theil-Sen slope (median of all pairwise slopes): one sample taken just before a GC cannot make a trend. */
    static double slopePerSecond(List<Point> points, java.util.function.ToDoubleFunction<Point> value) {
        List<Double> slopes = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                double dt = points.get(j).seconds() - points.get(i).seconds();
                if (dt > 0) {
                    slopes.add((value.applyAsDouble(points.get(j)) - value.applyAsDouble(points.get(i))) / dt);
                }
            }
        }
        if (slopes.isEmpty()) {
            return 0;
        }
        slopes.sort(null);
        int n = slopes.size();
        return n % 2 == 1 ? slopes.get(n / 2) : (slopes.get(n / 2 - 1) + slopes.get(n / 2)) / 2;
    }
}
