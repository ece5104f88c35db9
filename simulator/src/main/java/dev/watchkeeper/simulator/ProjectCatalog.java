package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The pooler snapshotter's projects in upstream's ID shape {@code {type}:{source or hash}:{namespace}}.
 * A tenth of them (at most one per indexer) watch a QueryAPI indexer and carry its full name in
 * the middle: {@code indexer_blocks:{account_id}/{function_name}:QUERYAPI}.
 */
final class ProjectCatalog {

    static final String INDEXER_TYPE = "indexer_blocks";
    static final String INDEXER_NAMESPACE = "QUERYAPI";
    private static final String[] PAIR_TYPES = {"pairContract_pair_total_reserves", "pairContract_trade_volume"};
    private static final String[] AGGREGATE_TYPES = {
        "aggregate_pairContract_24h_trade_volume", "aggregate_pairContract_7d_trade_volume", "aggregate_24h_top_pairs_lite",
        "aggregate_24h_top_tokens_lite", "aggregate_7d_top_pairs_lite", "aggregate_24h_stats_lite",
    };

    private final List<String> projects;
    private final List<String> types;

    private ProjectCatalog(List<String> projects, List<String> types) {
        this.projects = projects;
        this.types = types;
    }

    static ProjectCatalog generate(int count, String namespace, List<IndexerId> indexers, long seed) {
        Random rnd = new Random(seed ^ 0x9E3779B97F4A7C15L);
        Set<String> ids = new LinkedHashSet<>();
        int tied = Math.min(indexers.size(), count / 10);
        for (int i = 0; i < tied; i++) {
            ids.add(forIndexer(indexers.get(i)));
        }
        HexFormat hex = HexFormat.of();
        while (ids.size() < count) {
            if (rnd.nextInt(10) < 8) {
                byte[] address = new byte[20];
                rnd.nextBytes(address);
                String pair = "0x" + hex.formatHex(address);
                for (String type : PAIR_TYPES) {
                    if (ids.size() < count) {
                        ids.add(type + ":" + pair + ":" + namespace);
                    }
                }
            } else {
                byte[] hash = new byte[32];
                rnd.nextBytes(hash);
                ids.add(AGGREGATE_TYPES[rnd.nextInt(AGGREGATE_TYPES.length)] + ":" + hex.formatHex(hash) + ":" + namespace);
            }
        }
        List<String> projects = new ArrayList<>(ids);
        Set<String> types = new LinkedHashSet<>();
        for (String p : projects) {
            types.add(p.substring(0, p.indexOf(':')));
        }
        return new ProjectCatalog(projects, new ArrayList<>(types));
    }

    /** The project that follows an indexer's blocks. */
    static String forIndexer(IndexerId id) {
        return INDEXER_TYPE + ":" + id.fullName() + ":" + INDEXER_NAMESPACE;
    }

    List<String> projects() {
        return projects;
    }

    /** Distinct project types: the PRELOAD state's hash fields. */
    List<String> types() {
        return types;
    }
}
