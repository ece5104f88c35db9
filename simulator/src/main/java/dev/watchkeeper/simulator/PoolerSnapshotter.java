package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.epoch.ProjectIds;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A pooler snapshotter's epoch processing status (control-plane spec §5). Each epoch interval is
 * cut into slots: slot 0 releases epoch N (and deletes epoch N-30), the next slots write N's
 * PRELOAD, SNAPSHOT_BUILD, SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, RELAYER_SEND and SNAPSHOT_FINALIZE
 * hashes. About 2% of projects fail at some state with an error text and stop there. At start the
 * last 30 epochs are written at once, so a console sees a full window immediately.
 *
 * <p>By default each state hash is written with one HSET. With
 * {@link SimConfig#poolerPerProjectWrites()} it is written as upstream does (PowerLoom/pooler at
 * 8e0cc0c): one HSET per project as that project finishes the state, spread over the state's slot
 * (thousands of HSETs to one hash), each stamped with the second it is written; and now and then
 * a bulk-mode build of a whole task type fails, which writes one SNAPSHOT_BUILD field
 * {@code {task_type}:{namespace}} and no entry for that type's projects. With
 * {@link SimConfig#poolerProtocolContractState()} the pooler is an older build that also writes
 * SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT between RELAYER_SEND and SNAPSHOT_FINALIZE.
 */
final class PoolerSnapshotter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolerSnapshotter.class);

    /** Upstream's SnapshotterStates (snapshotter/utils/models/data_models.py at 8e0cc0c). */
    static final String[] STATES = {"PRELOAD", "SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "RELAYER_SEND", "SNAPSHOT_FINALIZE"};
    /** An older build's SnapshotterStates (data_models.py at 4a9daaa, removed in 2b1dbd5). */
    static final String[] OLDER_BUILD_STATES = {"PRELOAD", "SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "RELAYER_SEND",
        "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT", "SNAPSHOT_FINALIZE"};
    static final String PROTOCOL_CONTRACT = "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT";
    static final int RETAINED_EPOCHS = 30;
    /** Per state (by name): the error texts a failing project gets; states without any never fail. */
    private static final Map<String, String[]> ERRORS = Map.of(
        "PRELOAD", new String[]{"Preloader failed: block_details fetch failed: ConnectionResetError(104, 'Connection reset by peer')"},
        "SNAPSHOT_BUILD", new String[]{"Exception in snapshot builder: RPC error 429 Too Many Requests for eth_getLogs",
            "web3 call failed: execution reverted", "Timeout while fetching block range 18112233-18112242"},
        "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", new String[]{"Failed to commit payload to IPFS: ReadTimeout", "IPFS add failed: 502 Bad Gateway"},
        "RELAYER_SEND", new String[]{"Relayer rejected submission: nonce too low", "Relayer HTTP 503 Service Unavailable"},
        "SNAPSHOT_FINALIZE", new String[]{"Snapshot not finalized: consensus not reached (2/3 submissions required)"});
    /** In per-project mode, a bulk-mode build of one task type fails in about one epoch in this many. */
    static final int BATCH_FAILURE_EVERY = 5;
    /** Per-project writes are spread over this share of a state's slot. */
    private static final double SPREAD = 0.8;
    private static final long TICK_MS = 10;

    private final RedisWriter redis;
    private final ProjectCatalog catalog;
    private final String namespace;
    private final long seed;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wk-sim-pooler");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean active = true;
    /** Failures injected by an incident scenario: epoch → project → error text at SNAPSHOT_BUILD ({@link PoolerRpcTimeout}). */
    private final Map<Long, Map<String, String>> injectedBuildFailures = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long currentEpoch;
    private int slot;
    private final String[] states;
    private final boolean perProject;
    private final long slotMs;
    /** Length of one processing step in seconds (an epoch takes one per state plus the release), at least one second. */
    private final long slotSeconds;
    /** Per-project mode: the state being written now, a project at a time. */
    private Spread spreading;

    PoolerSnapshotter(RedisURI uri, SimConfig config, List<IndexerId> indexers) {
        this.redis = new RedisWriter(uri);
        this.namespace = config.namespace();
        this.seed = config.seed();
        this.catalog = ProjectCatalog.generate(config.projectsPerEpoch(), namespace, indexers, config.seed());
        this.currentEpoch = 19_000 + Math.floorMod(config.seed(), 1_000);
        this.states = config.poolerProtocolContractState() ? OLDER_BUILD_STATES : STATES;
        this.perProject = config.poolerPerProjectWrites();
        this.slotMs = Math.max(1, config.scaled(config.epochInterval()).toMillis() / (states.length + 1));
        this.slotSeconds = Math.max(1, slotMs / 1000);
        thread.execute(this::backfill);
        thread.scheduleAtFixedRate(this::stepSafely, slotMs, slotMs, TimeUnit.MILLISECONDS);
        if (perProject) {
            thread.scheduleAtFixedRate(this::spreadSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** One field of a state hash; its JSON is made when it is written, stamped with that second. */
    private record Entry(String field, String status, String error, String extra) {
        String json(long now) {
            return PoolerSnapshotter.json(status, error, extra, now);
        }
    }

    /** A state being written one project at a time over {@code spreadMs}, as its projects finish. */
    private static final class Spread {
        final long epoch;
        final String state;
        final List<Entry> entries;
        final long startNanos = System.nanoTime();
        final long spreadNanos;
        int written;

        Spread(long epoch, String state, List<Entry> entries, long spreadMs) {
            this.epoch = epoch;
            this.state = state;
            this.entries = entries;
            this.spreadNanos = Math.max(1, spreadMs) * 1_000_000L;
        }

        /** How many entries should be written by now. */
        int due() {
            double share = Math.min(1.0, (System.nanoTime() - startNanos) / (double) spreadNanos);
            return (int) Math.ceil(entries.size() * share);
        }
    }

    private void backfill() {
        try {
            long now = System.currentTimeMillis() / 1000;
            // Past epochs as the snapshotter would have left them: released one epoch apart, each
            // step a slot after the previous one (not all in this second).
            for (long e = currentEpoch - RETAINED_EPOCHS + 1; e <= currentEpoch; e++) {
                List<RedisFuture<?>> f = new ArrayList<>();
                long released = now - ((currentEpoch - e) * (states.length + 1) + states.length) * slotSeconds;
                release(e, released, f);
                for (int s = 0; s < states.length; s++) {
                    writeState(e, s, released + (s + 1L) * slotSeconds, f);
                }
                RedisWriter.await(f);
            }
            slot = states.length + 1;
        } catch (RuntimeException e) {
            if (!thread.isShutdown()) {
                LOG.warn("pooler backfill failed: {}", e.toString());
            }
        }
    }

    private void stepSafely() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.debug("pooler step failed (Redis down?): {}", e.toString());
        }
    }

    private void step() {
        long now = System.currentTimeMillis() / 1000;
        List<RedisFuture<?>> f = new ArrayList<>();
        if (spreading != null) {
            // the previous state's last projects, should its slot have run short (none once inactive)
            if (active) {
                writeDue(spreading, spreading.entries.size(), f);
            }
            spreading = null;
        }
        if (slot > states.length) {
            slot = 0;
            currentEpoch++;
            release(currentEpoch, now, f);
            // processor_distributor.py _cleanup_older_epoch_status: on each EpochReleased, DEL the
            // released key and every SnapshotterStates hash of epoch N-30
            RedisAsyncCommands<String, String> async = redis.async();
            long old = currentEpoch - RETAINED_EPOCHS;
            List<String> keys = new ArrayList<>(List.of(releasedKey(old)));
            for (String s : states) {
                keys.add(stateKey(old, s));
            }
            f.add(async.del(keys.toArray(String[]::new)));
        } else if (active) {
            if (perProject) {
                spreading = new Spread(currentEpoch, states[slot - 1], entries(currentEpoch, slot - 1),
                        (long) (slotMs * SPREAD));
                writeDue(spreading, spreading.due(), f);
            } else {
                writeState(currentEpoch, slot - 1, now, f);
            }
        }
        slot++;
        RedisWriter.await(f);
    }

    private void spreadSafely() {
        try {
            Spread s = spreading;
            if (s != null && active) {
                List<RedisFuture<?>> f = new ArrayList<>();
                writeDue(s, s.due(), f);
                RedisWriter.await(f);
            }
        } catch (RuntimeException e) {
            LOG.debug("pooler write failed (Redis down?): {}", e.toString());
        }
    }

    /**
     * One HSET per project, as upstream's workers write each project's state when it finishes
     * (snapshotter/utils/snapshot_worker.py and aggregation_worker.py: SNAPSHOT_BUILD;
     * generic_worker.py: SNAPSHOT_SUBMIT_PAYLOAD_COMMIT; processor_distributor.py:
     * SNAPSHOT_FINALIZE; all {@code hset(name=..., mapping={project_id: update})}).
     */
    private void writeDue(Spread s, int due, List<RedisFuture<?>> f) {
        if (due <= s.written) {
            return;
        }
        RedisAsyncCommands<String, String> async = redis.async();
        long now = System.currentTimeMillis() / 1000;
        String key = stateKey(s.epoch, s.state);
        for (int i = s.written; i < due; i++) {
            Entry e = s.entries.get(i);
            f.add(async.hset(key, e.field(), e.json(now)));
        }
        s.written = due;
    }

    private void release(long epoch, long now, List<RedisFuture<?>> f) {
        RedisAsyncCommands<String, String> async = redis.async();
        f.add(async.set(releasedKey(epoch), Long.toString(now)));
        f.add(async.set("snapshotterActiveStatus:" + namespace, active ? "1" : "0"));
        if (active) {
            f.add(async.set("lastEpochDetectedTimestamp:" + namespace, Long.toString(now)));
        }
    }

    /** Writes state {@code s} of an epoch at once: every project still going (PRELOAD: every project type). */
    private void writeState(long epoch, int s, long now, List<RedisFuture<?>> f) {
        List<Entry> entries = entries(epoch, s);
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            // back-filled per-project epochs: each project stamped when it would have finished
            long at = perProject && slotSeconds > 1 ? now + (long) (slotSeconds * SPREAD * i / entries.size()) : now;
            fields.put(e.field(), e.json(at));
        }
        if (!fields.isEmpty()) {
            f.add(redis.async().hset(stateKey(epoch, states[s]), fields));
        }
    }

    /**
     * The entries of state {@code s} of an epoch: every project still going (PRELOAD: every project
     * type). The same draws in every state of an epoch: a project fails at most once (about 2%) and
     * stops there. In per-project mode a failed bulk build of one task type replaces its projects'
     * SNAPSHOT_BUILD entries and stops them.
     */
    private List<Entry> entries(long epoch, int s) {
        Random rnd = new Random(seed * 31 + epoch);
        String state = states[s];
        String[] errors = ERRORS.get(state);
        int buildIndex = 1;
        String failedBatch = perProject ? failedBatchType(epoch) : null;
        List<Entry> out = new ArrayList<>();
        List<String> subjects = s == 0 ? catalog.types() : catalog.projects();
        for (String p : subjects) {
            int roll = rnd.nextInt(200);
            boolean fails = s == 0 ? roll == 0 : roll < 4;
            int failState = s == 0 ? 0 : 1 + roll % 4;
            String injected = s == 0 ? null : injectedBuildFailures.getOrDefault(epoch, Map.of()).get(p);
            if (injected != null) {
                // Fails at SNAPSHOT_BUILD (the second state that can fail) and stops there, like a project that failed on its own.
                fails = true;
                failState = 1;
            }
            if (fails && failState < failStateIndex(s)) {
                continue;
            }
            if (s >= buildIndex && failedBatch != null && ProjectIds.typeOf(p).equals(failedBatch)) {
                continue;
            }
            if (fails && failState == failStateIndex(s) && errors != null) {
                String text = injected != null ? injected : errors[Math.floorMod(p.hashCode() + (int) epoch, errors.length)];
                out.add(new Entry(p, "failed", quote(text), "null"));
            } else {
                String error = Math.floorMod(p.hashCode(), 4) == 0 ? "\"\"" : "null";
                out.add(new Entry(p, "success", error, extra(state, p, epoch)));
            }
        }
        if (s == buildIndex && failedBatch != null) {
            // snapshot_worker.py _process_bulk_mode: on an exception the field is f'{task_type}:{settings.namespace}'
            out.add(new Entry(failedBatch + ":" + namespace, "failed",
                    quote("Exception in bulk mode snapshot builder: RPC error 429 Too Many Requests for eth_getLogs"), "null"));
        }
        return out;
    }

    /** How many states that can fail come before state {@code s} (the protocol contract state never fails). */
    private int failStateIndex(int s) {
        int n = 0;
        for (int i = 0; i < s; i++) {
            if (ERRORS.containsKey(states[i])) {
                n++;
            }
        }
        return n;
    }

    private static String extra(String state, String project, long epoch) {
        if (state.equals("SNAPSHOT_FINALIZE")) {
            return "{\"snapshot_cid\": \"" + cid(project, epoch) + "\"}";
        }
        if (state.equals(PROTOCOL_CONTRACT)) {
            // processor_distributor.py at 4a9daaa, on SnapshotSubmitted: extra={'snapshotCid': ...}
            return "{\"snapshotCid\": \"" + cid(project, epoch) + "\"}";
        }
        return "null";
    }

    /** The aggregate task type whose bulk build fails in this epoch (about one epoch in five), or null. */
    String failedBatchType(long epoch) {
        Random rnd = new Random((seed * 31 + epoch) ^ 0x5DEECE66DL);
        if (rnd.nextInt(BATCH_FAILURE_EVERY) != 0) {
            return null;
        }
        List<String> aggregates = catalog.types().stream().filter(t -> t.startsWith("aggregate_")).toList();
        return aggregates.isEmpty() ? null : aggregates.get(rnd.nextInt(aggregates.size()));
    }

    /** The state update JSON as the snapshotter writes it (Python's json.dumps spacing). */
    static String json(String status, String error, String extra, long timestamp) {
        return "{\"status\": \"" + status + "\", \"error\": " + error + ", \"extra\": " + extra + ", \"timestamp\": " + timestamp + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A CIDv1 (raw, sha2-256) in base32, derived from the project and epoch. */
    static String cid(String project, long epoch) {
        String hash = Hashes.sha256Hex(project + "@" + epoch);
        StringBuilder sb = new StringBuilder("bafkrei");
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        for (int i = 0; sb.length() < 59; i++) {
            sb.append(alphabet.charAt(Character.digit(hash.charAt(i % hash.length()), 16) * 2 + (i / hash.length()) % 2));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    static String releasedKey(long epoch) {
        return "epochID:" + epoch + ":epochReleased";
    }

    static String stateKey(long epoch, String state) {
        return "epochID:" + epoch + ":stateID:" + state + ":processingStatus";
    }

    /** Makes SNAPSHOT_BUILD of {@code epoch} fail for these projects with these error texts (not yet written epochs only). */
    void failBuilds(long epoch, Map<String, String> errorsByProject) {
        injectedBuildFailures.put(epoch, Map.copyOf(errorsByProject));
        injectedBuildFailures.keySet().removeIf(e -> e < currentEpoch - RETAINED_EPOCHS);
    }

    void active(boolean isActive) {
        active = isActive;
        thread.execute(() -> {
            try {
                RedisWriter.await(List.of(redis.async().set("snapshotterActiveStatus:" + namespace, isActive ? "1" : "0")));
            } catch (RuntimeException e) {
                LOG.debug("cannot write liveness: {}", e.toString());
            }
        });
    }

    boolean active() {
        return active;
    }

    /**
     * For each catalog project, the fail-able state it failed in during {@code epoch} (1 build,
     * 2 payload commit, 3 relayer, 4 finalize), or -1: the same draws {@link #entries} makes, so the
     * core API reports what Redis shows (a failed bulk build in per-project mode is not counted).
     */
    int[] failedStates(long epoch) {
        Random rnd = new Random(seed * 31 + epoch);
        List<String> projects = catalog.projects();
        int[] out = new int[projects.size()];
        for (int i = 0; i < out.length; i++) {
            int roll = rnd.nextInt(200);
            out[i] = roll < 4 ? 1 + roll % 4 : -1;
        }
        return out;
    }

    /** The error a project that failed at fail-able state {@code failIndex} (1 to 4, as {@link #failedStates}) wrote. */
    static String error(int failIndex, String project, long epoch) {
        // STATES[1..4] are the states that can fail, in order (the protocol contract state never fails)
        String[] texts = ERRORS.get(STATES[failIndex]);
        return texts[Math.floorMod(project.hashCode() + (int) epoch, texts.length)];
    }

    long currentEpoch() {
        return currentEpoch;
    }

    String namespace() {
        return namespace;
    }

    List<String> projects() {
        return catalog.projects();
    }

    /** The state IDs this pooler build writes, in order. */
    List<String> states() {
        return List.of(states);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
    }
}
