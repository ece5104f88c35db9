package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows every indexer's coordinator state and block-stream progress in Redis, read-only.
 *
 * <p>Emits, on its own thread: {@link ControlPlaneListener#onStates} with a full snapshot after
 * every (re)connect, then only changes; {@link ControlPlaneListener#onProgress} with every indexer
 * after every (re)connect, then only changed items, at the poll interval;
 * {@link ControlPlaneListener#onStatus} for {@link Source#REDIS} (CONNECTED with lastConfirmed on
 * every successful round, RECONNECTING with since/nextRetry, DOWN for refused credentials or
 * unusable settings).
 *
 * <p>States follow keyspace notifications when the server publishes them, else they are polled.
 * So does progress: with notifications only the indexers whose {@code :last_published_block} or
 * {@code :block_stream} changed are read, and all of them once a minute as a safety net (at the
 * poll interval when the server does not publish stream events, for the queue depths); an idle
 * fleet then costs no reads at all.
 * It never changes server configuration and issues no write command: it uses SMEMBERS, SISMEMBER, SCAN,
 * MGET, GET, XLEN, PING, CONFIG GET and PSUBSCRIBE only.
 */
public final class RedisFleetReader extends ReconnectingRedisLoop {

    public static final String INDEXER_STATES_KEY = "indexer_states";
    private static final int BATCH = 1000;
    /**
     * How long after a notification the keys it named are read: the keys notified meanwhile join
     * that read. Short against a frame (16.7 ms), so a change reaches the next frame or the one
     * after; a fixed 25 ms round put up to 25 ms on every change and woke the reader 40 times a
     * second with nothing to do.
     */
    private static final Duration READ_NOTIFIED_AFTER = Duration.ofMillis(5);
    /**
     * Stands for "member of indexer_states whose state key has no value" in {@link #lastRaw}
     * (compared by identity). Such a member is a row with a problem, never dropped: upstream's
     * coordinator fails to start on it (near/queryapi coordinator/src/redis.rs
     * {@code list_indexer_states}, called by {@code migrate()} at startup).
     */
    private static final byte[] MISSING = new byte[0];
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /**
     * With notifications for every progress key, re-reading progress is only a safety net (Redis
     * drops a subscriber it cannot keep up with, and the reconnect reads everything anyway): each
     * indexer is re-read once in this period, a slice every {@link #SWEEP_SLICE}, so the net costs
     * the same each second instead of a burst of 20,000 commands (and the JIT work it set off) that
     * was most of an idle console's CPU.
     */
    static final Duration PROGRESS_SWEEP = Duration.ofMinutes(5);
    static final Duration SWEEP_SLICE = Duration.ofSeconds(1);
    /**
     * Polling: every indexer's state and progress are read once a poll, in this many slices spread
     * over it (the membership once a poll, before the first). Read whole, 30,000 commands at 10,000
     * indexers (on a cluster, nearly one per key) made a burst each poll that held the other core
     * and gave the FX thread every reading at once: a run of long frames each second.
     */
    static final int POLL_SLICES = 8;

    private final ControlPlaneListener listener;
    private final ProgressReader progress = new ProgressReader();
    private Duration sweepPeriod = PROGRESS_SWEEP;
    /** Polling: the indexers this poll's slices have still to read, state and progress (reader thread only). */
    private final java.util.ArrayDeque<IndexerId> pollSweep = new java.util.ArrayDeque<>();
    private int pollSliceSize = 1;
    /** Polling: the slices read since connecting; every {@link #POLL_SLICES}-th begins a poll. */
    private long pollTicks;
    /** Polling: whether the last membership came from indexer_states (else from SCAN). */
    private boolean membersFromSet = true;
    /** Notifications: indexers the rolling progress sweep has still to re-read in this round (reader thread only). */
    private final java.util.ArrayDeque<IndexerId> sweep = new java.util.ArrayDeque<>();
    /** Raw values last seen, to report only what changed. */
    private final Map<IndexerId, byte[]> lastRaw = new HashMap<>();
    /** Keys named by notifications since the last flush (touched only on the reader thread). */
    /** State keys (and the registry set) notified since the last flush; filled by the notification thread. */
    private final Set<String> pendingKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Indexers whose progress keys were named by notifications (added on the notification thread). */
    private final Set<IndexerId> pendingProgress = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Asks for a read of the keys notifications named (from the notification thread); nothing to ask before they are followed. */
    private volatile Runnable readNotified = () -> { };

    public RedisFleetReader(RedisSettings settings, ControlPlaneListener listener) {
        this(settings, listener, Clock.systemUTC());
    }

    public RedisFleetReader(RedisSettings settings, ControlPlaneListener listener, Clock clock) {
        this(settings, null, listener, clock);
    }

    private RedisFleetReader(RedisSettings settings, RedisTarget fixedTarget, ControlPlaneListener listener, Clock clock) {
        super(settings, fixedTarget, clock, "wk-redis-fleet");
        this.listener = listener;
    }

    public RedisFleetReader(RedisURI uri, Duration pollInterval, ControlPlaneListener listener) {
        this(uri, pollInterval, listener, Clock.systemUTC());
    }

    public RedisFleetReader(RedisURI uri, Duration pollInterval, ControlPlaneListener listener, Clock clock) {
        this(new RedisSettings(uri.toString(), pollInterval, null), RedisTarget.of(uri, RedisSettings.DEFAULT_COMMAND_TIMEOUT),
                listener, clock);
    }

    @Override
    protected void publish(Report r) {
        listener.onStatus(new SourceStatus(Source.REDIS, r.state(), r.since(), r.lastConfirmed(), r.nextRetry(), r.mode(), r.message()));
    }

    private Duration poll() {
        return settings.pollInterval();
    }

    /** How long a PING may take before the link counts as dead: at most one refresh interval. */
    private Duration livenessTimeout(Duration interval) {
        long ms = Math.clamp(interval.toMillis(), 250, settings.commandTimeout().toMillis());
        return Duration.ofMillis(ms);
    }

    /** Only the states, read once per connection: no notifications, polling or progress (a one-shot look, e.g. the CLI's status). */
    private volatile boolean statesOnly;

    /** Makes this reader read the states once per connection and nothing else; call before {@link #start()}. */
    public RedisFleetReader statesOnly() {
        statesOnly = true;
        return this;
    }

    @Override
    protected void onConnected() throws Exception {
        if (statesOnly) {
            setMode("read once");
            fullLoad();
            return;
        }
        boolean notifications = !endpoint.target().cluster() && KeyspaceNotifications.enabled(endpoint.sync());
        boolean streamEvents = notifications && KeyspaceNotifications.enabledForStreams(endpoint.sync());
        if (notifications) {
            readNotified = onDemand(READ_NOTIFIED_AFTER, () -> {
                flushPending();
                flushProgress();
            });
            subscribe();
            setMode("live (keyspace notifications)");
        } else {
            setMode("polling every " + human(poll()));
        }
        fullLoad();
        progress.reset();
        readProgress();
        if (notifications) {
            every(HEARTBEAT, () -> {
                heartbeat(livenessTimeout(HEARTBEAT));
                checkMembership();
                confirmed();
            });
            if (streamEvents) {
                every(SWEEP_SLICE, this::sweepSlice);
            } else {
                everyFromStart(poll(), this::readProgress);
            }
        } else {
            pollTicks = 0;
            everyFromStart(poll().dividedBy(POLL_SLICES), this::pollTick);
        }
    }

    /** Polling: the membership when a poll begins, then a slice of the indexers: their states, then their progress. */
    private void pollTick() throws Exception {
        if (pollTicks++ % POLL_SLICES == 0) {
            pollSweep.clear(); // a poll's slices read every indexer once; a new poll reads the membership again
            membershipRound();
        }
        List<IndexerId> ids = new ArrayList<>(pollSliceSize);
        while (ids.size() < pollSliceSize && !pollSweep.isEmpty()) {
            ids.add(pollSweep.poll());
        }
        readSlice(ids, new HashSet<>(), membersFromSet);
    }

    /**
     * Polling, once a poll: which indexers there are. Those gone are reported removed, those new
     * are read at once, state and progress; the others are queued for this poll's slices.
     */
    private void membershipRound() throws Exception {
        heartbeat(livenessTimeout(poll()));
        StateKeys members = stateKeys();
        membersFromSet = members.fromSet();
        Set<IndexerId> listed = ids(members.keys());
        Set<IndexerId> removed = new HashSet<>(lastRaw.keySet());
        removed.removeAll(listed);
        List<IndexerId> added = new ArrayList<>();
        for (IndexerId id : listed) {
            if (lastRaw.containsKey(id)) {
                pollSweep.add(id);
            } else {
                added.add(id);
            }
        }
        pollSliceSize = Math.max(1, (pollSweep.size() + POLL_SLICES - 1) / POLL_SLICES);
        lastRaw.keySet().removeAll(removed);
        readSlice(added, removed, members.fromSet());
        confirmed();
    }

    /** Polling: the states of {@code ids}, then the progress of those still there, with {@code removed} reported. */
    private void readSlice(List<IndexerId> ids, Set<IndexerId> removed, boolean fromSet) throws Exception {
        if (ids.isEmpty() && removed.isEmpty()) {
            return;
        }
        readStates(ids, removed, id -> fromSet);
        List<IndexerId> present = new ArrayList<>(ids.size());
        for (IndexerId id : ids) {
            if (lastRaw.containsKey(id)) {
                present.add(id);
            }
        }
        List<Progress> changed = progress.readSome(endpoint.async(), present, settings.commandTimeout());
        if (!changed.isEmpty()) {
            listener.onProgress(new ProgressBatch(changed, clock.instant()));
        }
    }

    /** Whether an indexer whose state key has no value is still listed (a member of indexer_states). */
    private interface StillListed {
        boolean test(IndexerId id) throws Exception;
    }

    /** The indexers these state keys name; keys that name none are left out. */
    private static Set<IndexerId> ids(Collection<String> stateKeys) {
        Set<IndexerId> ids = new LinkedHashSet<>(stateKeys.size() * 2);
        for (String key : stateKeys) {
            IndexerId id = IndexerId.fromKey(key, IndexerId.STATE_SUFFIX);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Reads the states of {@code ids} and reports what changed, with {@code removed} (ids already
     * dropped from what was read). One without a value that is still listed is a row with a problem
     * ({@link #MISSING}); one that is not is gone.
     */
    private void readStates(Collection<IndexerId> ids, Set<IndexerId> removed, StillListed listed) throws Exception {
        List<String> keys = new ArrayList<>(ids.size());
        for (IndexerId id : ids) {
            keys.add(id.stateKey());
        }
        Map<String, byte[]> values = keys.isEmpty() ? Map.of() : mget(keys);
        List<IndexerState> upserts = new ArrayList<>();
        int i = 0;
        for (IndexerId id : ids) {
            byte[] raw = values.get(keys.get(i++));
            if (raw == null && listed.test(id)) {
                raw = MISSING;
            }
            if (raw == null) {
                if (lastRaw.remove(id) != null) {
                    removed.add(id);
                }
            } else if (!same(raw, lastRaw.put(id, raw))) {
                upserts.add(parse(id, raw));
            }
        }
        progress.forget(removed);
        if (!upserts.isEmpty() || !removed.isEmpty()) {
            listener.onStates(StateBatch.changes(upserts, removed, clock.instant()));
        }
    }

    @Override
    protected void onDisconnected() {
        readNotified = () -> { };
        pollSweep.clear();
        pendingKeys.clear();
        pendingProgress.clear();
        sweep.clear();
    }

    private void subscribe() {
        subscribeKeyspace(key -> {
            pendingKeys.add(key);
            readNotified.run();
        }, List.of("*" + IndexerId.STATE_SUFFIX, INDEXER_STATES_KEY));
        // every running indexer's progress keys change about once a second: no task per notification
        subscribeKeyspace(this::progressKeyChanged,
                List.of("*" + IndexerId.LAST_PUBLISHED_BLOCK_SUFFIX, "*" + IndexerId.BLOCK_STREAM_SUFFIX));
    }

    private void progressKeyChanged(String key) {
        IndexerId id = IndexerId.fromKey(key, key.endsWith(IndexerId.BLOCK_STREAM_SUFFIX)
                ? IndexerId.BLOCK_STREAM_SUFFIX : IndexerId.LAST_PUBLISHED_BLOCK_SUFFIX);
        if (id != null) {
            pendingProgress.add(id);
            readNotified.run();
        }
    }

    /** Reads the progress of the indexers notifications named since the last flush (those listed in indexer_states). */
    private void flushProgress() throws Exception {
        if (pendingProgress.isEmpty()) {
            return;
        }
        List<IndexerId> ids = new ArrayList<>(pendingProgress.size());
        for (java.util.Iterator<IndexerId> it = pendingProgress.iterator(); it.hasNext(); ) {
            IndexerId id = it.next();
            it.remove();
            if (lastRaw.containsKey(id)) {
                ids.add(id);
            }
        }
        List<Progress> changed = progress.readSome(endpoint.async(), ids, settings.commandTimeout());
        if (!changed.isEmpty()) {
            listener.onProgress(new ProgressBatch(changed, clock.instant()));
        }
    }

    private static IndexerState parse(IndexerId id, byte[] raw) {
        return raw == MISSING ? IndexerState.missing(id) : StateJsonParser.parse(id, raw);
    }

    private static boolean same(byte[] a, byte[] b) {
        if (a == MISSING || b == MISSING) {
            return a == b;
        }
        return Arrays.equals(a, b);
    }

    /** Loads everything and reports it as a full snapshot. */
    private void fullLoad() throws Exception {
        Map<IndexerId, byte[]> all = readAll();
        lastRaw.clear();
        lastRaw.putAll(all);
        // parsed on every core: at 50,000 indexers parsing is a good part of the load. The FX thread
        // builds the window meanwhile; parsed on this thread alone, the load took no less (bench image-load)
        List<IndexerState> states = all.entrySet().parallelStream().map(e -> parse(e.getKey(), e.getValue())).toList();
        listener.onStates(StateBatch.full(states, clock.instant()));
    }

    /** A shorter {@link #PROGRESS_SWEEP}, for tests; before {@link #start()}. */
    RedisFleetReader sweepEvery(Duration period) {
        sweepPeriod = period;
        return this;
    }

    /** The next slice of the rolling progress sweep ({@link #PROGRESS_SWEEP}); a new round starts when one ends. */
    private void sweepSlice() throws Exception {
        if (sweep.isEmpty()) {
            sweep.addAll(lastRaw.keySet());
        }
        long slices = Math.max(1, sweepPeriod.toNanos() / SWEEP_SLICE.toNanos());
        int size = (int) Math.max(1, (lastRaw.size() + slices - 1) / slices);
        List<IndexerId> ids = new ArrayList<>(size);
        while (ids.size() < size && !sweep.isEmpty()) {
            IndexerId id = sweep.poll();
            if (lastRaw.containsKey(id)) {
                ids.add(id);
            }
        }
        List<Progress> changed = progress.readSome(endpoint.async(), ids, settings.commandTimeout());
        if (!changed.isEmpty()) {
            listener.onProgress(new ProgressBatch(changed, clock.instant()));
        }
    }

    private void readProgress() throws Exception {
        // state notifications that arrive during a full read are flushed between its batches
        List<Progress> changed = progress.read(endpoint.async(), List.copyOf(lastRaw.keySet()), settings.commandTimeout(), this::flushPending);
        if (!changed.isEmpty()) {
            listener.onProgress(new ProgressBatch(changed, clock.instant()));
        }
    }

    /** State keys waiting to be read now (at most one per key, however often Redis named it). */
    int pendingStateKeys() {
        return pendingKeys.size();
    }

    private void flushPending() throws Exception {
        if (!endpoint.isOpen()) {
            throw new io.lettuce.core.RedisConnectionException("connection to Redis lost");
        }
        if (pendingKeys.isEmpty()) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (java.util.Iterator<String> it = pendingKeys.iterator(); it.hasNext(); ) {
            keys.add(it.next());
            it.remove();
        }
        boolean membership = keys.remove(INDEXER_STATES_KEY);
        Set<IndexerId> ids = ids(keys);
        Set<IndexerId> members = null;
        if (membership) {
            // the set changed: members added without a key, or removed, are found only here
            members = ids(smembers());
            for (IndexerId id : members) {
                if (!lastRaw.containsKey(id)) {
                    ids.add(id);
                }
            }
            for (IndexerId id : lastRaw.keySet()) {
                if (!members.contains(id)) {
                    ids.add(id);
                }
            }
        }
        Set<IndexerId> listed = members;
        readStates(ids, new HashSet<>(), id -> listed != null ? listed.contains(id) : isMember(id.stateKey()));
    }

    /**
     * Servers often publish string and generic events but not set events (flags "K$g"), so an SREM
     * or an SADD of a member without a key would go unseen: one SCARD a heartbeat catches it.
     */
    private void checkMembership() throws Exception {
        Long members = await(endpoint.async().scard(INDEXER_STATES_KEY), settings.commandTimeout());
        if (members != null && members > 0 && members != lastRaw.size()) {
            pendingKeys.add(INDEXER_STATES_KEY);
            flushPending();
        }
    }

    private Set<String> smembers() throws Exception {
        Set<byte[]> members = await(endpoint.async().smembers(INDEXER_STATES_KEY), settings.commandTimeout());
        Set<String> keys = new LinkedHashSet<>();
        for (byte[] m : members) {
            keys.add(new String(m, StandardCharsets.UTF_8));
        }
        return keys;
    }

    private boolean isMember(String key) throws Exception {
        return Boolean.TRUE.equals(await(endpoint.async().sismember(INDEXER_STATES_KEY, key.getBytes(StandardCharsets.UTF_8)),
                settings.commandTimeout()));
    }

    /**
     * All indexer state keys and their values: from indexer_states, or by SCAN when the set is
     * missing. A member whose key has no value is kept as {@link #MISSING}.
     */
    private Map<IndexerId, byte[]> readAll() throws Exception {
        StateKeys members = stateKeys();
        Map<String, byte[]> values = mget(new ArrayList<>(members.keys()));
        Map<IndexerId, byte[]> out = new HashMap<>(values.size() * 2);
        values.forEach((key, raw) -> {
            IndexerId id = IndexerId.fromKey(key, IndexerId.STATE_SUFFIX);
            if (id != null && (raw != null || members.fromSet())) {
                out.put(id, raw == null ? MISSING : raw);
            }
        });
        return out;
    }

    /** The indexer state keys: indexer_states' members, or by SCAN when the set is empty or missing. */
    private record StateKeys(Set<String> keys, boolean fromSet) {
    }

    private StateKeys stateKeys() throws Exception {
        Set<String> keys = smembers();
        if (!keys.isEmpty()) {
            return new StateKeys(keys, true);
        }
        ScanIterator<String> it = ScanIterator.scan(endpoint.sync(), ScanArgs.Builder.matches("*" + IndexerId.STATE_SUFFIX).limit(1000));
        while (it.hasNext()) {
            keys.add(it.next());
        }
        return new StateKeys(keys, false);
    }

    /** MGET in batches, all sent before any reply is awaited (pipelined). */
    private Map<String, byte[]> mget(List<String> keys) throws Exception {
        RedisClusterAsyncCommands<String, byte[]> async = endpoint.async();
        List<RedisFuture<List<KeyValue<String, byte[]>>>> futures = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += BATCH) {
            futures.add(async.mget(keys.subList(i, Math.min(keys.size(), i + BATCH)).toArray(String[]::new)));
        }
        Map<String, byte[]> out = new HashMap<>(keys.size() * 2);
        for (RedisFuture<List<KeyValue<String, byte[]>>> f : futures) {
            for (KeyValue<String, byte[]> kv : await(f, settings.commandTimeout())) {
                out.put(kv.getKey(), kv.hasValue() ? kv.getValue() : null);
            }
        }
        return out;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
