package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows the pooler snapshotter's epoch processing status (control-plane spec §5), read-only:
 * the latest {@value #WINDOW} epochs, every {@code epochID:{e}:stateID:{S}:processingStatus}
 * hash of them (unknown state IDs included) and the liveness keys of the configured namespace.
 *
 * <p>Emits {@link ControlPlaneListener#onEpochs} with the whole window (newest first) after every
 * (re)connect and whenever anything in it changed; expired or deleted epochs drop out.
 *
 * <p>Finding epochs: one SCAN for {@code epochID:*} at connect (which also finds state IDs),
 * repeated only every {@link #RESCAN_EVERY}; in between new epochs are found by probing the
 * next epoch numbers, or straight from keyspace notifications when the server publishes them.
 * Without notifications the newest {@value #HOT} epochs are re-read every poll interval and the
 * whole window every {@value #FULL_EVERY_POLLS} poll intervals (30 s at the default 2 s); with
 * them exactly the hashes that changed are re-read, plus a full round as a safety net.
 *
 * <p>Status: this reader does NOT call {@code onStatus} (the Redis source status is
 * {@link RedisFleetReader}'s, so the status bar does not flap between two readers). Its own
 * connection state is available from {@link #status()} and {@link #mode()}; a failed round keeps
 * the last window and sets {@code status().message()}.
 */
public final class EpochReader extends ReconnectingRedisLoop {

    public static final int WINDOW = 30;
    static final int HOT = 3;
    static final int PROBE_AHEAD = 3;
    static final Duration RESCAN_EVERY = Duration.ofMinutes(5);
    /** Without notifications the whole window is re-read every this many poll intervals. */
    static final int FULL_EVERY_POLLS = 15;
    private static final Duration FLUSH_EVERY = Duration.ofMillis(100);

    private final ControlPlaneListener listener;
    private final String namespace;

    /** Epoch numbers that have (or recently had) keys. */
    private final NavigableSet<Long> known = new TreeSet<>();
    /** State IDs seen in any epoch, known ones first. */
    private final Set<String> stateIds = new LinkedHashSet<>();
    /** What was read per epoch. */
    private final Map<Long, EpochData> data = new HashMap<>();
    private final Set<String> dirtyKeys = new LinkedHashSet<>();
    private Boolean active;
    private Long lastDetected;
    private EpochWindow lastEmitted;
    private Instant lastScan = Instant.MIN;
    private Instant lastFull = Instant.MIN;
    private volatile SourceStatus status;

    /** Per epoch: released timestamp and, per state ID, project → update. */
    private static final class EpochData {
        Long releasedAt;
        boolean releasedKey;
        final Map<String, Map<String, StateUpdate>> states = new HashMap<>();

        boolean isEmpty() {
            return !releasedKey && states.values().stream().allMatch(Map::isEmpty);
        }
    }

    public EpochReader(RedisSettings settings, ControlPlaneListener listener) {
        this(settings, listener, Clock.systemUTC());
    }

    public EpochReader(RedisSettings settings, ControlPlaneListener listener, Clock clock) {
        super(settings, null, clock, "wk-redis-epochs");
        this.listener = listener;
        this.namespace = settings.snapshotterNamespace();
        resetStateIds();
    }

    /**
     * One read of the window for one-shot tools (the CLI): connects, waits for the first window and
     * disconnects. Fails with an {@link IllegalStateException} saying why (password-free) when
     * Redis cannot be read within {@code timeout}; never retries past it.
     */
    public static EpochWindow readOnce(RedisSettings settings, Duration timeout) {
        java.util.concurrent.CompletableFuture<EpochWindow> first = new java.util.concurrent.CompletableFuture<>();
        EpochReader reader = new EpochReader(settings, new ControlPlaneListener() {
            @Override
            public void onEpochs(EpochWindow window) {
                first.complete(window);
            }
        });
        long until = System.nanoTime() + timeout.toNanos();
        try {
            reader.start();
            while (true) {
                try {
                    return first.get(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    SourceStatus s = reader.status();
                    if (s != null && s.message() != null
                            && (s.state() == ConnectionState.RECONNECTING || s.state() == ConnectionState.DOWN)) {
                        throw new IllegalStateException(s.message());
                    }
                    if (System.nanoTime() - until >= 0) {
                        throw new IllegalStateException("no answer within " + RedisFleetReader.human(timeout));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } finally {
            reader.close();
        }
    }

    /** This reader's own connection state (source REDIS, not delivered to the listener). */
    public SourceStatus status() {
        return status;
    }

    @Override
    protected void publish(Report r) {
        status = new SourceStatus(Source.REDIS, r.state(), r.since(), r.lastConfirmed(), r.nextRetry(),
                "epochs " + r.mode(), r.message());
    }

    private Duration fullEvery() {
        return settings.pollInterval().multipliedBy(FULL_EVERY_POLLS);
    }

    private void resetStateIds() {
        stateIds.clear();
        EpochStates.ORDER.stream().filter(s -> !s.equals(EpochStates.EPOCH_RELEASED)).forEach(stateIds::add);
    }

    @Override
    protected void onConnected() throws Exception {
        known.clear();
        data.clear();
        dirtyKeys.clear();
        lastEmitted = null;
        resetStateIds();
        boolean notifications = !endpoint.target().cluster() && KeyspaceNotifications.enabledForHashes(endpoint.sync());
        if (notifications) {
            subscribe();
            setMode("live (keyspace notifications)");
        } else {
            setMode("polling every " + RedisFleetReader.human(settings.pollInterval()));
        }
        scan();
        readEpochs(window());
        readLiveness();
        lastFull = clock.instant();
        emit(true);
        if (notifications) {
            every(FLUSH_EVERY, this::flushDirty);
            every(RedisFleetReader.HEARTBEAT, () -> {
                heartbeat(Duration.ofMillis(Math.clamp(RedisFleetReader.HEARTBEAT.toMillis(), 250, settings.commandTimeout().toMillis())));
                confirmed();
            });
            // a safety net for anything a notification could not say (e.g. a missed message)
            every(fullEvery(), this::pollRound);
        } else {
            every(settings.pollInterval(), this::pollRound);
        }
    }

    @Override
    protected void onDisconnected() {
        dirtyKeys.clear();
    }

    private void subscribe() {
        List<String> patterns = new ArrayList<>(List.of(EpochKeys.PREFIX + "*"));
        if (namespace != null) {
            patterns.add(EpochKeys.active(namespace));
            patterns.add(EpochKeys.lastDetected(namespace));
        }
        subscribeKeyspace(dirtyKeys::add, patterns);
    }

    /** One pass over the keyspace: every epoch number and state ID there is. */
    private void scan() {
        ScanIterator<String> it = ScanIterator.scan(endpoint.sync(), ScanArgs.Builder.matches(EpochKeys.PREFIX + "*").limit(1000));
        while (it.hasNext()) {
            EpochKeys.Parsed p = EpochKeys.parse(it.next());
            if (p != null) {
                known.add(p.epoch());
                if (p.stateId() != null) {
                    stateIds.add(p.stateId());
                }
            }
        }
        lastScan = clock.instant();
    }

    /** The newest WINDOW known epochs, newest first. */
    private List<Long> window() {
        List<Long> out = new ArrayList<>(WINDOW);
        for (Long e : known.descendingSet()) {
            if (out.size() == WINDOW) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    private void pollRound() throws Exception {
        heartbeat(Duration.ofMillis(Math.clamp(settings.pollInterval().toMillis(), 250, settings.commandTimeout().toMillis())));
        Instant now = clock.instant();
        if (Duration.between(lastScan, now).compareTo(RESCAN_EVERY) >= 0) {
            scan();
        }
        probeAhead();
        List<Long> win = window();
        boolean full = Duration.between(lastFull, now).compareTo(fullEvery()) >= 0;
        if (full) {
            readEpochs(win);
            lastFull = now;
        } else {
            List<Long> hot = new ArrayList<>(win.subList(0, Math.min(HOT, win.size())));
            for (Long e : win) {
                if (!data.containsKey(e) && !hot.contains(e)) {
                    hot.add(e);
                }
            }
            readEpochs(hot);
            checkReleased(win);
        }
        readLiveness();
        emit(false);
        confirmed();
    }

    /** Finds newly released epochs without a keyspace scan: the pooler numbers them consecutively. */
    private void probeAhead() throws Exception {
        long from = known.isEmpty() ? -1 : known.last();
        if (from < 0) {
            return; // nothing to count from; the periodic scan finds the first epochs
        }
        RedisClusterAsyncCommands<String, byte[]> async = endpoint.async();
        List<RedisFuture<Long>> f = new ArrayList<>();
        for (int i = 1; i <= PROBE_AHEAD; i++) {
            f.add(async.exists(EpochKeys.released(from + i)));
        }
        for (int i = 0; i < f.size(); i++) {
            if (await(f.get(i), settings.commandTimeout()) > 0) {
                known.add(from + i + 1);
            }
        }
    }

    /** Epochs whose released key expired or was deleted are re-read (and dropped when empty). */
    private void checkReleased(List<Long> win) throws Exception {
        RedisClusterAsyncCommands<String, byte[]> async = endpoint.async();
        Map<Long, RedisFuture<Long>> f = new LinkedHashMap<>();
        for (Long e : win) {
            f.put(e, async.exists(EpochKeys.released(e)));
        }
        List<Long> gone = new ArrayList<>();
        for (Map.Entry<Long, RedisFuture<Long>> en : f.entrySet()) {
            EpochData d = data.get(en.getKey());
            boolean exists = await(en.getValue(), settings.commandTimeout()) > 0;
            if (d == null || d.releasedKey != exists) {
                gone.add(en.getKey());
            }
        }
        if (!gone.isEmpty()) {
            readEpochs(gone);
        }
    }

    /** Reads the released key and every state hash of {@code epochs}, all pipelined. */
    private void readEpochs(Collection<Long> epochs) throws Exception {
        if (epochs.isEmpty()) {
            return;
        }
        RedisClusterAsyncCommands<String, byte[]> async = endpoint.async();
        List<String> states = List.copyOf(stateIds);
        Map<Long, RedisFuture<byte[]>> released = new LinkedHashMap<>();
        Map<Long, List<RedisFuture<Map<String, byte[]>>>> hashes = new LinkedHashMap<>();
        for (Long e : epochs) {
            released.put(e, async.get(EpochKeys.released(e)));
            List<RedisFuture<Map<String, byte[]>>> fs = new ArrayList<>(states.size());
            for (String s : states) {
                fs.add(async.hgetall(EpochKeys.status(e, s)));
            }
            hashes.put(e, fs);
        }
        for (Long e : epochs) {
            byte[] rel = await(released.get(e), settings.commandTimeout());
            EpochData old = data.get(e);
            EpochData d = new EpochData();
            d.releasedKey = rel != null;
            d.releasedAt = EpochJsonParser.unixSeconds(rel);
            List<RedisFuture<Map<String, byte[]>>> fs = hashes.get(e);
            for (int i = 0; i < states.size(); i++) {
                String s = states.get(i);
                Map<String, byte[]> fields = hashReply(fs.get(i));
                d.states.put(s, parseHash(s, fields, old == null ? Map.of() : old.states.getOrDefault(s, Map.of())));
            }
            store(e, d);
        }
    }

    /** A hash that cannot be read (e.g. WRONGTYPE) counts as empty; the round goes on. */
    private Map<String, byte[]> hashReply(RedisFuture<Map<String, byte[]>> f) throws Exception {
        try {
            return await(f, settings.commandTimeout());
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            return Map.of();
        }
    }

    private void store(long epoch, EpochData d) {
        if (d.isEmpty()) {
            data.remove(epoch);
            known.remove(epoch);
        } else {
            data.put(epoch, d);
            known.add(epoch);
        }
    }

    /**
     * Parses a hash. A field whose text is unchanged keeps its previous update; identical texts
     * within the hash (common: same status and second) are parsed once.
     */
    private static Map<String, StateUpdate> parseHash(String stateId, Map<String, byte[]> fields, Map<String, StateUpdate> before) {
        Map<String, StateUpdate> out = new HashMap<>(fields.size() * 2);
        Map<String, StateUpdate> sameText = new HashMap<>();
        fields.forEach((project, raw) -> {
            RawText text = RawText.decode(raw);
            StateUpdate prev = before.get(project);
            if (prev != null && text.validUtf8() && text.text().equals(prev.rawJson())) {
                out.put(project, prev);
                return;
            }
            StateUpdate template = text.validUtf8() ? sameText.get(text.text()) : null;
            if (template != null) {
                out.put(project, new StateUpdate(project, stateId, template.status(), template.error(), template.timestamp(),
                        template.snapshotCid(), template.rawJson(), template.problem()));
                return;
            }
            StateUpdate u = EpochJsonParser.parse(project, stateId, raw);
            if (text.validUtf8() && sameText.size() < 10_000) {
                sameText.put(text.text(), u);
            }
            out.put(project, u);
        });
        return out;
    }

    private void readLiveness() throws Exception {
        if (namespace == null) {
            return;
        }
        RedisClusterAsyncCommands<String, byte[]> async = endpoint.async();
        RedisFuture<byte[]> a = async.get(EpochKeys.active(namespace));
        RedisFuture<byte[]> t = async.get(EpochKeys.lastDetected(namespace));
        active = activeFlag(await(a, settings.commandTimeout()));
        lastDetected = EpochJsonParser.unixSeconds(await(t, settings.commandTimeout()));
    }

    /** {@code 0} means inactive; a missing key is unknown (null). */
    static Boolean activeFlag(byte[] raw) {
        if (raw == null) {
            return null;
        }
        String v = RawText.decode(raw).text().trim();
        return !(v.equals("0") || v.equalsIgnoreCase("false"));
    }

    private void flushDirty() throws Exception {
        if (!endpoint.isOpen()) {
            throw new io.lettuce.core.RedisConnectionException("connection to Redis lost");
        }
        if (dirtyKeys.isEmpty()) {
            return;
        }
        Set<Long> epochs = new LinkedHashSet<>();
        boolean liveness = false;
        for (String key : dirtyKeys) {
            EpochKeys.Parsed p = EpochKeys.parse(key);
            if (p != null) {
                epochs.add(p.epoch());
                known.add(p.epoch());
                if (p.stateId() != null) {
                    stateIds.add(p.stateId());
                }
            } else {
                liveness = true;
            }
        }
        dirtyKeys.clear();
        List<Long> win = window();
        epochs.retainAll(win);
        // an epoch that fell out of the window is forgotten
        data.keySet().retainAll(win);
        readEpochs(epochs);
        if (liveness) {
            readLiveness();
        }
        emit(false);
    }

    private void emit(boolean always) {
        List<Long> win = window();
        data.keySet().retainAll(win);
        List<Epoch> epochs = new ArrayList<>(win.size());
        for (Long e : win) {
            EpochData d = data.get(e);
            if (d == null) {
                continue;
            }
            Map<String, List<StateUpdate>> states = new LinkedHashMap<>();
            d.states.entrySet().stream()
                    .filter(en -> !en.getValue().isEmpty())
                    .sorted(Comparator.comparingInt((Map.Entry<String, Map<String, StateUpdate>> en) -> EpochStates.rank(en.getKey()))
                            .thenComparing(Map.Entry::getKey))
                    .forEach(en -> {
                        List<StateUpdate> updates = new ArrayList<>(en.getValue().values());
                        updates.sort(Comparator.comparing(StateUpdate::projectId));
                        states.put(en.getKey(), updates);
                    });
            epochs.add(new Epoch(e, d.releasedAt, states));
        }
        EpochWindow w = new EpochWindow(namespace, epochs, active, lastDetected, clock.instant());
        if (always || lastEmitted == null || !sameContent(lastEmitted, w)) {
            lastEmitted = w;
            listener.onEpochs(w);
        }
    }

    private static boolean sameContent(EpochWindow a, EpochWindow b) {
        return Objects.equals(a.active(), b.active()) && Objects.equals(a.lastEpochDetectedAt(), b.lastEpochDetectedAt())
                && a.epochs().equals(b.epochs());
    }

    /** Connected and the last round succeeded. */
    public boolean isConnected() {
        SourceStatus s = status;
        return s != null && s.state() == ConnectionState.CONNECTED;
    }
}
