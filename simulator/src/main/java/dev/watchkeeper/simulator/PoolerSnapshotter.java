package dev.watchkeeper.simulator;

import dev.watchkeeper.model.IndexerId;
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
 * cut into six slots: slot 0 releases epoch N (and deletes epoch N-30), slots 1-5 write N's
 * PRELOAD, SNAPSHOT_BUILD, SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, RELAYER_SEND and SNAPSHOT_FINALIZE
 * hashes. About 2% of projects fail at some state with an error text and stop there. At start the
 * last 30 epochs are written at once, so a console sees a full window immediately.
 */
final class PoolerSnapshotter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolerSnapshotter.class);

    static final String[] STATES = {"PRELOAD", "SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "RELAYER_SEND", "SNAPSHOT_FINALIZE"};
    static final int RETAINED_EPOCHS = 30;
    static final String[][] ERRORS = {
        {"Preloader failed: block_details fetch failed: ConnectionResetError(104, 'Connection reset by peer')"},
        {"Exception in snapshot builder: RPC error 429 Too Many Requests for eth_getLogs",
            "web3 call failed: execution reverted", "Timeout while fetching block range 18112233-18112242"},
        {"Failed to commit payload to IPFS: ReadTimeout", "IPFS add failed: 502 Bad Gateway"},
        {"Relayer rejected submission: nonce too low", "Relayer HTTP 503 Service Unavailable"},
        {"Snapshot not finalized: consensus not reached (2/3 submissions required)"},
    };

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
    /** Length of one processing step in seconds (an epoch takes six), at least one second. */
    private final long slotSeconds;

    PoolerSnapshotter(RedisURI uri, SimConfig config, List<IndexerId> indexers) {
        this.redis = new RedisWriter(uri);
        this.namespace = config.namespace();
        this.seed = config.seed();
        this.catalog = ProjectCatalog.generate(config.projectsPerEpoch(), namespace, indexers, config.seed());
        this.currentEpoch = 19_000 + Math.floorMod(config.seed(), 1_000);
        long slotMs = Math.max(1, config.scaled(config.epochInterval()).toMillis() / 6);
        this.slotSeconds = Math.max(1, slotMs / 1000);
        thread.execute(this::backfill);
        thread.scheduleAtFixedRate(this::stepSafely, slotMs, slotMs, TimeUnit.MILLISECONDS);
    }

    private void backfill() {
        try {
            long now = System.currentTimeMillis() / 1000;
            // Past epochs as the snapshotter would have left them: released one epoch apart, each
            // step a slot after the previous one (not all in this second).
            for (long e = currentEpoch - RETAINED_EPOCHS + 1; e <= currentEpoch; e++) {
                List<RedisFuture<?>> f = new ArrayList<>();
                long released = now - ((currentEpoch - e) * 6 + STATES.length) * slotSeconds;
                release(e, released, f);
                for (int s = 0; s < STATES.length; s++) {
                    writeState(e, s, released + (s + 1L) * slotSeconds, f);
                }
                RedisWriter.await(f);
            }
            slot = 6;
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
        if (slot >= 6) {
            slot = 0;
            currentEpoch++;
            release(currentEpoch, now, f);
            RedisAsyncCommands<String, String> async = redis.async();
            long old = currentEpoch - RETAINED_EPOCHS;
            List<String> keys = new ArrayList<>(List.of(releasedKey(old)));
            for (String s : STATES) {
                keys.add(stateKey(old, s));
            }
            f.add(async.del(keys.toArray(String[]::new)));
        } else if (active) {
            writeState(currentEpoch, slot - 1, now, f);
        }
        slot++;
        RedisWriter.await(f);
    }

    private void release(long epoch, long now, List<RedisFuture<?>> f) {
        RedisAsyncCommands<String, String> async = redis.async();
        f.add(async.set(releasedKey(epoch), Long.toString(now)));
        f.add(async.set("snapshotterActiveStatus:" + namespace, active ? "1" : "0"));
        if (active) {
            f.add(async.set("lastEpochDetectedTimestamp:" + namespace, Long.toString(now)));
        }
    }

    /** Writes state {@code s} of an epoch: every project still going (PRELOAD: every project type). */
    private void writeState(long epoch, int s, long now, List<RedisFuture<?>> f) {
        Random rnd = new Random(seed * 31 + epoch);
        Map<String, String> fields = new HashMap<>();
        List<String> subjects = s == 0 ? catalog.types() : catalog.projects();
        for (String p : subjects) {
            // the same draws in every state of an epoch: a project fails at most once (about 2%) and stops there
            int roll = rnd.nextInt(200);
            boolean fails = s == 0 ? roll == 0 : roll < 4;
            int failState = s == 0 ? 0 : 1 + roll % 4;
            String injected = s == 0 ? null : injectedBuildFailures.getOrDefault(epoch, Map.of()).get(p);
            if (injected != null) {
                // Fails at SNAPSHOT_BUILD and stops there, like a project that failed on its own.
                fails = true;
                failState = 1;
            }
            if (fails && failState < s) {
                continue;
            }
            if (fails && failState == s) {
                String[] texts = ERRORS[s];
                String text = injected != null ? injected : texts[Math.floorMod(p.hashCode() + (int) epoch, texts.length)];
                fields.put(p, json("failed", quote(text), "null", now));
            } else {
                String error = Math.floorMod(p.hashCode(), 4) == 0 ? "\"\"" : "null";
                String extra = s == STATES.length - 1 ? "{\"snapshot_cid\": \"" + cid(p, epoch) + "\"}" : "null";
                fields.put(p, json("success", error, extra, now));
            }
        }
        if (!fields.isEmpty()) {
            f.add(redis.async().hset(stateKey(epoch, STATES[s]), fields));
        }
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

    /** Makes SNAPSHOT_BUILD of {@code epoch} fail for these projects with these error texts (not yet written epochs only). */
    void failBuilds(long epoch, Map<String, String> errorsByProject) {
        injectedBuildFailures.put(epoch, Map.copyOf(errorsByProject));
        injectedBuildFailures.keySet().removeIf(e -> e < currentEpoch - RETAINED_EPOCHS);
    }

    boolean active() {
        return active;
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
