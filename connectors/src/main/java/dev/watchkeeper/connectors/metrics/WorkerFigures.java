package dev.watchkeeper.connectors.metrics;

import dev.watchkeeper.model.IndexerId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.watchkeeper.connectors.metrics.UpstreamMetrics.*;

/**
 * Per-indexer and per-process figures computed from two scrapes (rates need both; with only one,
 * rates are null and ratios are taken since the processes started).
 */
public record WorkerFigures(Instant at, Map<IndexerId, IndexerFigures> indexers, ProcessFigures process) {

    public WorkerFigures {
        indexers = Collections.unmodifiableMap(new TreeMap<>(indexers));
    }

    public static WorkerFigures between(Scrape previous, Scrape current) {
        double seconds = previous == null ? 0 : Duration.between(previous.at(), current.at()).toMillis() / 1000.0;
        Scrape prev = seconds > 0 ? previous : null;
        Exposition bs = current.blockStreamer();
        Exposition r = current.runner();
        Exposition pbs = prev == null ? null : prev.blockStreamer();
        Exposition pr = prev == null ? null : prev.runner();

        Map<IndexerId, Double> streamerLast = byIndexer(bs, BS_LAST_PROCESSED_BLOCK);
        Map<IndexerId, Double> runnerLast = byIndexer(r, R_LAST_PROCESSED_BLOCK_HEIGHT);
        Double chainHead = streamerLast.values().stream().filter(v -> !v.isNaN()).max(Double::compare).orElse(null);

        Set<IndexerId> ids = new HashSet<>(streamerLast.keySet());
        ids.addAll(runnerLast.keySet());
        ids.addAll(byIndexer(r, R_EXECUTION_DURATION + "_count").keySet());
        ids.addAll(byIndexer(r, R_UNPROCESSED_STREAM_MESSAGES).keySet());
        Map<IndexerId, Double> succ = byIndexer(r, R_SUCCESSFUL_EXECUTIONS);
        Map<IndexerId, Double> fail = byIndexer(r, R_FAILED_EXECUTIONS);
        ids.addAll(succ.keySet());
        ids.addAll(fail.keySet());
        Map<IndexerId, Double> psucc = byIndexer(pr, R_SUCCESSFUL_EXECUTIONS);
        Map<IndexerId, Double> pfail = byIndexer(pr, R_FAILED_EXECUTIONS);
        Map<IndexerId, Double> prunnerLast = byIndexer(pr, R_LAST_PROCESSED_BLOCK_HEIGHT);
        Map<IndexerId, Double> processed = byIndexer(bs, BS_PROCESSED_BLOCKS_COUNT);
        Map<IndexerId, Double> pprocessed = byIndexer(pbs, BS_PROCESSED_BLOCKS_COUNT);
        Map<IndexerId, Double> unprocessed = byIndexer(r, R_UNPROCESSED_STREAM_MESSAGES);
        Map<IndexerId, Double> heap = byIndexer(r, R_HEAP_USED_MB);
        Map<IndexerId, List<Histograms.Bucket>> buckets = buckets(r);
        Map<IndexerId, List<Histograms.Bucket>> pbuckets = buckets(pr);

        Map<IndexerId, IndexerFigures> out = new HashMap<>();
        for (IndexerId id : ids) {
            Double bps = null;
            if (prev != null && runnerLast.containsKey(id) && prunnerLast.containsKey(id)) {
                bps = Math.max(0, runnerLast.get(id) - prunnerLast.get(id)) / seconds;
            } else if (prev != null && processed.containsKey(id) && pprocessed.containsKey(id)) {
                bps = increase(pprocessed.get(id), processed.get(id)) / seconds;
            }
            Double failureRate;
            if (prev != null) {
                double f = increase(pfail.get(id), fail.get(id));
                double s = increase(psucc.get(id), succ.get(id));
                failureRate = f + s > 0 ? f / (f + s) : null;
            } else {
                double f = fail.getOrDefault(id, 0.0);
                double s = succ.getOrDefault(id, 0.0);
                failureRate = f + s > 0 ? f / (f + s) : null;
            }
            List<Histograms.Bucket> window = buckets.containsKey(id) ? minus(buckets.get(id), prev == null ? null : pbuckets.get(id)) : List.of();
            Double p95 = Histograms.quantile(0.95, window);
            Double last = runnerLast.containsKey(id) ? runnerLast.get(id) : streamerLast.get(id);
            Long lag = chainHead == null || last == null ? null : (long) Math.max(0, chainHead - last);
            out.put(id, new IndexerFigures(id, finite(bps), p95, failureRate, toLong(unprocessed.get(id)), finite(heap.get(id)),
                    toLong(last), lag));
        }
        return new WorkerFigures(current.at(), out, process(bs, r, pbs, pr, seconds, heap));
    }

    private static ProcessFigures process(Exposition bs, Exposition r, Exposition pbs, Exposition pr, double seconds,
                                          Map<IndexerId, Double> heap) {
        Double hits = single(bs, BS_LAKE_CACHE_HITS);
        Double misses = single(bs, BS_LAKE_CACHE_MISSES);
        Double lakeHitRate = ratio(hits, misses);
        Double size = single(bs, BS_LAKE_CACHE_SIZE);
        Double bsErrors = seconds > 0 && bs != null && pbs != null ? increase(errors(pbs, BS_LOGS_COUNT), errors(bs, BS_LOGS_COUNT)) / seconds : null;
        Double rErrors = seconds > 0 && r != null && pr != null ? increase(errors(pr, R_LOGS_COUNT), errors(r, R_LOGS_COUNT)) / seconds : null;
        Double runnerHitRate = ratio(single(r, R_CACHE_HIT), single(r, R_CACHE_MISS));
        Double heapTotal = r == null || heap.isEmpty() ? null : heap.values().stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).sum();
        return new ProcessFigures(lakeHitRate, toLong(size), bsErrors, rErrors, runnerHitRate, heapTotal);
    }

    /** Counter increase from {@code before} to {@code after}; a lower value means the process restarted (counted from 0). */
    static double increase(Double before, Double after) {
        if (after == null || after.isNaN()) {
            return 0;
        }
        if (before == null || before.isNaN() || after < before) {
            return before == null ? 0 : after;
        }
        return after - before;
    }

    private static Double errors(Exposition e, String metric) {
        double sum = 0;
        boolean any = false;
        for (Sample s : e.samples(metric)) {
            String level = s.label("level");
            if (level != null && level.equalsIgnoreCase("error")) {
                sum += s.value();
                any = true;
            }
        }
        return any ? sum : 0.0;
    }

    private static Double ratio(Double hits, Double misses) {
        if (hits == null || misses == null || !(hits + misses > 0)) {
            return null;
        }
        return hits / (hits + misses);
    }

    private static Double single(Exposition e, String metric) {
        if (e == null) {
            return null;
        }
        List<Sample> s = e.samples(metric);
        return s.isEmpty() ? null : s.getFirst().value();
    }

    private static Map<IndexerId, Double> byIndexer(Exposition e, String metric) {
        if (e == null) {
            return Map.of();
        }
        Map<IndexerId, Double> out = new HashMap<>();
        for (Sample s : e.samples(metric)) {
            IndexerId id = indexer(s);
            if (id != null) {
                out.merge(id, s.value(), Double::sum);
            }
        }
        return out;
    }

    private static Map<IndexerId, List<Histograms.Bucket>> buckets(Exposition e) {
        if (e == null) {
            return Map.of();
        }
        Map<IndexerId, List<Histograms.Bucket>> out = new HashMap<>();
        for (Sample s : e.samples(R_EXECUTION_DURATION + "_bucket")) {
            IndexerId id = indexer(s);
            String le = s.label("le");
            if (id == null || le == null) {
                continue;
            }
            double bound;
            try {
                bound = ExpositionParser.number(le);
            } catch (RuntimeException notANumber) {
                continue;
            }
            out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Histograms.Bucket(bound, s.value()));
        }
        return out;
    }

    /** The buckets' increase since {@code before} (the observations of the window); all of {@code now} without a before. */
    private static List<Histograms.Bucket> minus(List<Histograms.Bucket> now, List<Histograms.Bucket> before) {
        if (before == null) {
            return now;
        }
        Map<Double, Double> old = new HashMap<>();
        before.forEach(b -> old.put(b.upperBound(), b.count()));
        List<Histograms.Bucket> out = new ArrayList<>(now.size());
        for (Histograms.Bucket b : now) {
            out.add(new Histograms.Bucket(b.upperBound(), increase(old.get(b.upperBound()), b.count())));
        }
        return out;
    }

    private static IndexerId indexer(Sample s) {
        String v = s.label(INDEXER_LABEL);
        if (v == null) {
            return null;
        }
        try {
            return IndexerId.parse(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }

    private static Long toLong(Double d) {
        return d == null || !Double.isFinite(d) ? null : Math.round(d);
    }
}
