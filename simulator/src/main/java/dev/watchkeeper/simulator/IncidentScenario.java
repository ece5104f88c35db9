package dev.watchkeeper.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Named scenarios of a shared failure that takes many indexers or projects down at once, each
 * imitating what upstream does when that dependency fails. A scenario is a plan (what fails, when,
 * and when it comes back) that {@link IncidentScenarioRun} plays against a running control plane
 * and {@link IncidentReplay} turns into observed problems for measuring the incident grouping.
 */
public enum IncidentScenario {

    /**
     * The NEAR Lake (S3) stops serving blocks: 40 block streams stop publishing within a minute,
     * for 10 minutes. Upstream the stream task fetches every block from the lake
     * (near/queryapi 7d9546d {@code block-streamer/src/block_stream.rs}, {@code lake_s3_client.rs})
     * and retries a failing fetch, publishing nothing meanwhile; its health check, every 120 s, then
     * reports STALLED for an unchanged last processed block ({@code block_stream.rs}), and RUNNING
     * again once blocks move.
     */
    LAKE_OUTAGE("lake-outage", Target.STREAM, 40, Duration.ofSeconds(60), Duration.ofMinutes(10)),

    /**
     * A runner host dies with the 25 executors it ran: each executor's worker thread dies within
     * seconds and the runner marks it STALLED (near/queryapi 7d9546d
     * {@code runner/src/stream-handler/stream-handler.ts}, the worker's {@code error} handler);
     * the coordinator restarts STALLED executors ({@code coordinator/src/handlers/executors.rs}),
     * here 3 minutes later once a host is back.
     */
    RUNNER_HOST_DOWN("runner-host-down", Target.EXECUTOR, 25, Duration.ofSeconds(10), Duration.ofMinutes(3)),

    /**
     * The chain RPC provider times out during one epoch: SNAPSHOT_BUILD fails for 200 projects of
     * that epoch with the RPC helper's error (PowerLoom/pooler 8e0cc0c
     * {@code snapshotter/utils/snapshot_worker.py} writes {@code status: failed, error: str(e)};
     * {@code snapshotter/utils/rpc.py} raises {@code RPCException} whose text is a JSON object with
     * {@code extra_info: "RPC_GET_EVENT_LOGS_ERROR: ..."}). The next epoch builds again.
     */
    POOLER_RPC_TIMEOUT("pooler-rpc-timeout", Target.PROJECT, 200, Duration.ofSeconds(5), Duration.ZERO);

    /** What a scenario breaks. */
    public enum Target { STREAM, EXECUTOR, PROJECT }

    /** One thing that fails: the {@code index}-th eligible indexer or project, {@code at} after the scenario starts. */
    public record Failure(int index, Duration at) {
    }

    /** What fails and when; everything comes back {@code recoverAfter} after the scenario starts (pooler: the next epoch). */
    public record Plan(IncidentScenario scenario, List<Failure> failures, Duration recoverAfter) {
        public Plan {
            failures = List.copyOf(failures);
        }
    }

    private final String word;
    private final Target target;
    private final int size;
    private final Duration spread;
    private final Duration lasts;

    IncidentScenario(String word, Target target, int size, Duration spread, Duration lasts) {
        this.word = word;
        this.target = target;
        this.size = size;
        this.spread = spread;
        this.lasts = lasts;
    }

    public String word() {
        return word;
    }

    public Target target() {
        return target;
    }

    /** How many indexers or projects fail. */
    public int size() {
        return size;
    }

    /** The failures begin within this long of each other (upstream time). */
    public Duration spread() {
        return spread;
    }

    public static IncidentScenario parse(String word) {
        for (IncidentScenario s : values()) {
            if (s.word.equals(word.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown incident scenario '" + word + "' (use "
                + String.join(", ", java.util.Arrays.stream(values()).map(IncidentScenario::word).toList()) + ")");
    }

    /**
     * Picks {@link #size()} of {@code eligible} things (indexers or projects) and when each fails.
     *
     * @throws IllegalArgumentException when there are fewer than {@link #size()} eligible
     */
    public Plan plan(long seed, int eligible) {
        if (eligible < size) {
            throw new IllegalArgumentException(word + " needs " + size + " " + target.name().toLowerCase(Locale.ROOT)
                    + "s, the fleet has " + eligible);
        }
        Random random = new Random(seed * 7919 + ordinal());
        List<Integer> order = new ArrayList<>(IntStream.range(0, eligible).boxed().toList());
        Collections.shuffle(order, random);
        List<Failure> failures = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            failures.add(new Failure(order.get(i), Duration.ofMillis((long) (random.nextDouble() * spread.toMillis()))));
        }
        failures.sort(java.util.Comparator.comparing(Failure::at));
        return new Plan(this, failures, lasts);
    }

    /** The RPC helper's error text for one project, as {@code str(RPCException)} writes it (numbers differ by project). */
    static String rpcTimeoutError(String contract, long fromBlock) {
        String cause = "HTTPSConnectionPool(host='rpc.ankr.com', port=443): Read timed out. (read timeout=15)";
        return "{\"request\": {\"contract_address\": \"" + contract + "\", \"to_block\": " + (fromBlock + 9)
                + ", \"from_block\": " + fromBlock + ", \"topics\": []}, \"response\": null, \"extra_info\": \"RPC_GET_EVENT_LOGS_ERROR: "
                + cause + "\", \"exception\": \"" + cause + "\"}";
    }
}
