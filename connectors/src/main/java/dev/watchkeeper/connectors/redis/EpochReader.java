package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import io.lettuce.core.KeyValue;
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
 * (re)connect and whenever anything in it changed; expired or deleted epochs drop out. At connect
 * the newest {@value #FIRST_LOOK} epochs are read first and handed to
 * {@link ControlPlaneListener#onNewestEpochs} before the rest are read.
 *
 * <p>What it costs. The pooler writes one HSET per project as each project finishes a state
 * (thousands per state per epoch, spread over seconds), so reads are driven by keys, never by
 * writes:
 * <ul>
 * <li>With keyspace notifications each notified key is marked dirty and only that key is
 *     re-read (HGETALL of that one hash, GET of a released key), at most once per
 *     {@link #COALESCE} per key: a burst of thousands of HSETs to one hash costs about one read a
 *     second. A new release costs one GET; an older epoch not read yet is read whole. A safety
 *     net every {@value #FULL_EVERY_POLLS} poll intervals checks the lengths (HLEN) of the newest
 *     {@value #HOT} epochs' hashes.
 * <li>Polling, each poll interval: one MGET of every released key of the window, the next epoch
 *     numbers and the liveness keys; HLEN of the hashes that changed lately, of the next state to
 *     start in the two newest epochs and of a few others in rotation; HGETALL only of a hash whose
 *     length changed or that is being written. Every {@value #FULL_EVERY_POLLS} intervals the
 *     newest epoch's hashes are read whole (an entry rewritten in place keeps the length).
 * </ul>
 *
 * <p>Finding epochs: one SCAN for {@code epochID:*} at connect (which also finds state IDs),
 * repeated every {@link #RESCAN_EVERY}. In between new epochs come from notifications, or from
 * probing the next epoch numbers, as far ahead as they exist (the pooler numbers them
 * consecutively); when the epoch numbers jumped (the liveness key says an epoch was detected
 * after the newest one known, or no epoch came for three periods, or none is known at all) a
 * SCAN runs at once, then backs off ({@link #SCAN_AGAIN_AFTER} doubling up to RESCAN_EVERY) while
 * it finds nothing new.
 *
 * <p>Status: this reader does NOT call {@code onStatus} (the Redis source status is
 * {@link RedisFleetReader}'s, so the status bar does not flap between two readers). Its own
 * connection state is available from {@link #status()} and {@link #mode()}; a failed round keeps
 * the last window and sets {@code status().message()}.
 */
public final class EpochReader extends ReconnectingRedisLoop {

    public static final int WINDOW = 30;
    /** Live mode's safety net checks this many of the newest epochs. */
    static final int HOT = 3;
    static final int PROBE_AHEAD = 3;
    static final Duration RESCAN_EVERY = Duration.ofMinutes(5);
    /**
     * Epochs read first at connect, newest first, and handed over before the rest of the window:
     * reading a window of 30 epochs × 2,000 projects × 6 states took most of a second before
     * anything could be drawn, and the newest epochs are the ones an operator looks at first.
     */
    static final int FIRST_LOOK = 5;
    /** The first wait before another gap-triggered SCAN; doubles while SCANs find nothing new. */
    static final Duration SCAN_AGAIN_AFTER = Duration.ofSeconds(10);
    /** Polling: the newest epoch is read whole every this many intervals; live: the safety net runs this often. */
    static final int FULL_EVERY_POLLS = 15;
    /** A dirty hash is re-read at most this often, however many HSETs it gets. */
    static final Duration COALESCE = Duration.ofSeconds(1);
    private static final Duration FLUSH_EVERY = Duration.ofMillis(100);
    /** Polling: a hash that changed within this many rounds is checked every round. */
    static final int ACTIVE_ROUNDS = 1;
    /** Polling: every hash of the window is checked within about this many rounds. */
    static final int ROTATION_ROUNDS = 90;
    /** Seconds the liveness key may run ahead of the newest release before a jump is suspected. */
    private static final long GAP_SLACK_SECONDS = 10;

    private final ControlPlaneListener listener;
    private final String namespace;

    /** Epoch numbers that have (or recently had) keys. */
    private final NavigableSet<Long> known = new TreeSet<>();
    /** State IDs seen in any epoch, known ones first. */
    private final Set<String> stateIds = new LinkedHashSet<>();
    /** What was read per epoch. */
    private final Map<Long, EpochData> data = new HashMap<>();
    private final Set<String> dirtyKeys = new LinkedHashSet<>();
    /** When each key was last read, for coalescing notifications. */
    private final Map<String, Instant> lastRead = new HashMap<>();
    /** Notified keys, added on the notification thread, drained by the flush. */
    private final Set<String> notified = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Polling: the round in which each hash was last seen to change. */
    private final Map<String, Long> changedAt = new HashMap<>();
    /** Polling: for how many rounds in a row each hash changed. */
    private final Map<String, Integer> streak = new HashMap<>();
    /** Project IDs, one instance each across the window (far more than a pooler's projects: it only shares less past that). */
    private final CanonicalStrings projectIds = new CanonicalStrings(200_000);
    private long round;
    private int rotation;
    private Boolean active;
    private Long lastDetected;
    private EpochWindow lastEmitted;
    private Instant lastScan = Instant.MIN;
    private Duration scanBackoff = SCAN_AGAIN_AFTER;
    /** The liveness timestamp a SCAN last looked past the newest release for. */
    private Long scannedForDetected;
    private Instant lastFull = Instant.MIN;
    private Instant lastAnswer = Instant.MIN;
    private volatile SourceStatus status;

    /** Per epoch: released timestamp and, per state ID, project → update. */
    private static final class EpochData {
        Long releasedAt;
        boolean releasedKey;
        final Map<String, Map<String, StateUpdate>> states = new HashMap<>();

        boolean isEmpty() {
            return !releasedKey && states.values().stream().allMatch(Map::isEmpty);
        }

        long length(String stateId) {
            return states.getOrDefault(stateId, Map.of()).size();
        }

        /** The epoch last built from this data, and the state maps it was built from (they are replaced, never changed). */
        Epoch built;
        Map<String, Map<String, StateUpdate>> builtFrom = Map.of();

        /**
         * The epoch as a model value. Rebuilt only when the release time or a state's map changed:
         * a busy pooler changes one or two of the window's 30 epochs between emits, and sorting
         * every epoch's thousands of updates each time was most of this reader's work.
         */
        Epoch epoch(long id) {
            if (built != null && Objects.equals(built.releasedAt(), releasedAt) && sameMaps(builtFrom, states)) {
                return built;
            }
            Map<String, List<StateUpdate>> sorted = new LinkedHashMap<>();
            Map<String, Integer> rank = ranks != null && ranksCover(ranks, states) ? ranks : projectRanks(states);
            ranks = rank;
            states.entrySet().stream()
                    .filter(en -> !en.getValue().isEmpty())
                    .sorted(Comparator.comparingInt((Map.Entry<String, Map<String, StateUpdate>> en) -> EpochStates.rank(en.getKey()))
                            .thenComparing(Map.Entry::getKey))
                    .forEach(en -> sorted.put(en.getKey(), byProject(en.getValue(), rank)));
            built = new Epoch(id, releasedAt, sorted);
            builtFrom = new HashMap<>(states);
            return built;
        }

        /**
         * The places of the last build, kept while they place every project: the epoch the pooler is
         * writing is rebuilt several times a second with the same projects, and making its places
         * anew each time was 5% of what a production console allocated. A project gone since only
         * leaves a gap ({@link #byProject} skips it).
         */
        private Map<String, Integer> ranks;

        private static boolean ranksCover(Map<String, Integer> ranks, Map<String, Map<String, StateUpdate>> states) {
            for (Map<String, StateUpdate> m : states.values()) {
                for (String project : m.keySet()) {
                    if (!ranks.containsKey(project)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Each project of the epoch's states with its place in project-ID order. The states of an
         * epoch hold mostly the same projects: their IDs are sorted once, and each state's updates
         * are put in place by it (sorting each state's thousands of updates by comparing IDs was most
         * of a first emit).
         */
        private static Map<String, Integer> projectRanks(Map<String, Map<String, StateUpdate>> states) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (Map<String, StateUpdate> m : states.values()) {
                ids.addAll(m.keySet());
            }
            String[] ordered = ids.toArray(String[]::new);
            java.util.Arrays.sort(ordered);
            Map<String, Integer> rank = new HashMap<>(ordered.length * 2);
            for (int i = 0; i < ordered.length; i++) {
                rank.put(ordered[i], i);
            }
            return rank;
        }

        /** The state's updates in project-ID order (a state's map is keyed by each update's project ID). */
        private static List<StateUpdate> byProject(Map<String, StateUpdate> state, Map<String, Integer> rank) {
            StateUpdate[] placed = new StateUpdate[rank.size()];
            for (Map.Entry<String, StateUpdate> en : state.entrySet()) {
                placed[rank.get(en.getKey())] = en.getValue();
            }
            List<StateUpdate> updates = new ArrayList<>(state.size());
            for (StateUpdate u : placed) {
                if (u != null) {
                    updates.add(u);
                }
            }
            return updates;
        }

        private static boolean sameMaps(Map<String, Map<String, StateUpdate>> a, Map<String, Map<String, StateUpdate>> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, Map<String, StateUpdate>> en : a.entrySet()) {
                if (b.get(en.getKey()) != en.getValue()) {
                    return false;
                }
            }
            return true;
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
        notified.clear();
        lastRead.clear();
        changedAt.clear();
        streak.clear();
        lastEmitted = null;
        scanBackoff = SCAN_AGAIN_AFTER;
        resetStateIds();
        boolean notifications = !endpoint.target().cluster() && KeyspaceNotifications.enabledForHashes(endpoint.sync());
        if (notifications) {
            subscribe();
            setMode("live (keyspace notifications)");
        } else {
            setMode("polling every " + RedisFleetReader.human(settings.pollInterval()));
        }
        scan();
        List<Long> win = window();
        readLiveness();
        if (win.size() > FIRST_LOOK) {
            // the newest epochs first: the timeline is drawn from them while the older ones are read
            readEpochs(win.subList(0, FIRST_LOOK));
            emitNewest(win.size() - FIRST_LOOK);
            readEpochs(win.subList(FIRST_LOOK, win.size()));
        } else {
            readEpochs(win);
        }
        lastFull = clock.instant();
        emit(true);
        if (notifications) {
            every(FLUSH_EVERY, this::flushDirty);
            every(RedisFleetReader.HEARTBEAT, () -> {
                // a read that just answered proves the link as well as a PING would
                if (Duration.between(lastAnswer, clock.instant()).compareTo(RedisFleetReader.HEARTBEAT) >= 0) {
                    heartbeat(Duration.ofMillis(Math.clamp(RedisFleetReader.HEARTBEAT.toMillis(), 250, settings.commandTimeout().toMillis())));
                }
                confirmed();
            });
            // a safety net for anything a notification could not say (e.g. a message lost while resubscribing)
            every(fullEvery(), () -> checkRound(false));
        } else {
            everyFromStart(settings.pollInterval(), this::pollRound);
        }
    }

    @Override
    protected void onDisconnected() {
        dirtyKeys.clear();
        notified.clear();
        lastRead.clear();
    }

    private void subscribe() {
        List<String> patterns = new ArrayList<>(List.of(EpochKeys.PREFIX + "*"));
        if (namespace != null) {
            patterns.add(EpochKeys.active(namespace));
            patterns.add(EpochKeys.lastDetected(namespace));
        }
        // thousands of notifications a second: collected where they arrive, not as a task each
        subscribeKeyspace(notified::add, patterns);
    }

    /** One pass over the keyspace: every epoch number and state ID there is. True when it found a new epoch. */
    private boolean scan() {
        Long newestBefore = known.isEmpty() ? null : known.last();
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
        answered();
        return !known.isEmpty() && (newestBefore == null || known.last() > newestBefore);
    }

    private void answered() {
        lastAnswer = clock.instant();
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
        checkRound(true);
        confirmed();
    }

    /**
     * The cheap change check: released keys, next epochs and liveness in one MGET, then HLEN of
     * the hashes that may have grown, and a read of only those whose length changed.
     *
     * @param polling true when this is how changes are found (no notifications); false for the
     *                notification mode's safety net, which only looks at the newest epochs
     */
    private void checkRound(boolean polling) throws Exception {
        Instant now = clock.instant();
        if (Duration.between(lastScan, now).compareTo(RESCAN_EVERY) >= 0) {
            scan();
        }
        boolean full = polling && Duration.between(lastFull, now).compareTo(fullEvery()) >= 0;
        // the round's first command doubles as the heartbeat: a short deadline notices a dead link
        probeAndCheckReleased(Duration.ofMillis(Math.clamp(settings.pollInterval().toMillis(), 250, settings.commandTimeout().toMillis())));
        boolean detectedAhead = detectedAhead();
        if (detectedAhead || (newerEpochLikely(now) && Duration.between(lastScan, now).compareTo(scanBackoff) >= 0)) {
            if (detectedAhead) {
                scannedForDetected = lastDetected;
            }
            boolean found = scan();
            scanBackoff = found ? SCAN_AGAIN_AFTER : min(scanBackoff.multipliedBy(2), RESCAN_EVERY);
            if (found) {
                probeAndCheckReleased(settings.commandTimeout());
            }
        }
        List<Long> win = window();
        List<Long> unread = win.stream().filter(e -> !data.containsKey(e)).toList();
        readEpochs(unread);
        List<Long> read = win.stream().filter(e -> !unread.contains(e)).toList();
        if (!polling) {
            readKeys(changedHashes(allKeys(read.subList(0, Math.min(HOT, read.size())))));
            emit(false);
            return;
        }
        round++;
        Set<String> direct = new LinkedHashSet<>();
        Set<String> check = new LinkedHashSet<>();
        selectKeys(read, direct, check);
        if (full) {
            // an entry rewritten in place keeps the hash's length: read the newest epoch's hashes whole
            if (!read.isEmpty()) {
                Long newest = read.getFirst();
                data.get(newest).states.forEach((stateId, fields) -> direct.add(EpochKeys.status(newest, stateId)));
            }
            lastFull = now;
        }
        check.removeAll(direct);
        List<String> changed = changedHashes(List.copyOf(check));
        changed.addAll(direct);
        readKeys(changed, true);
        emit(false);
    }

    /**
     * Which hashes a polling round looks at, so that a round costs a handful of commands however
     * many projects the pooler writes: a hash that changed in each of the last two rounds is read
     * again at once (it is being written); one that changed in the last round, and the next state
     * still empty in each of the two newest epochs, get an HLEN; and a few more in
     * rotation, so every hash of the window is looked at within about {@value #ROTATION_ROUNDS}
     * rounds (late entries for older epochs).
     */
    private void selectKeys(List<Long> epochs, Set<String> direct, Set<String> check) {
        Set<Long> inWindow = new java.util.HashSet<>(epochs);
        changedAt.keySet().removeIf(k -> !inWindow.contains(EpochKeys.parse(k).epoch()));
        streak.keySet().retainAll(changedAt.keySet());
        changedAt.forEach((key, at) -> {
            if (at == round - 1 && streak.getOrDefault(key, 0) >= 2) {
                direct.add(key);
            } else if (round - at <= ACTIVE_ROUNDS) {
                check.add(key);
            }
        });
        for (Long e : epochs.subList(0, Math.min(2, epochs.size()))) {
            EpochData d = data.get(e);
            for (String s : stateIds) {
                if (d.length(s) == 0) {
                    check.add(EpochKeys.status(e, s));
                    break;
                }
            }
        }
        List<String> all = allKeys(epochs);
        if (!all.isEmpty()) {
            int n = Math.max(1, (all.size() + ROTATION_ROUNDS - 1) / ROTATION_ROUNDS);
            for (int i = 0; i < n; i++) {
                check.add(all.get(Math.floorMod(rotation++, all.size())));
            }
        }
    }

    private List<String> allKeys(List<Long> epochs) {
        List<String> keys = new ArrayList<>(epochs.size() * stateIds.size());
        for (Long e : epochs) {
            for (String s : stateIds) {
                keys.add(EpochKeys.status(e, s));
            }
        }
        return keys;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * One MGET of the window's released keys, the next epoch numbers and the liveness keys. Next
     * epochs found are added (probing further while the farthest probe exists); a released key that
     * appeared, changed or went away updates its epoch without another read, except that an epoch
     * whose released key went away is checked whole (upstream deletes all its keys at once).
     */
    private void probeAndCheckReleased(Duration timeout) throws Exception {
        List<Long> win = window();
        long next = known.isEmpty() ? -1 : known.last() + 1;
        List<String> keys = new ArrayList<>();
        for (Long e : win) {
            keys.add(EpochKeys.released(e));
        }
        int probes = next < 0 ? 0 : PROBE_AHEAD;
        for (int i = 0; i < probes; i++) {
            keys.add(EpochKeys.released(next + i));
        }
        if (namespace != null) {
            keys.add(EpochKeys.active(namespace));
            keys.add(EpochKeys.lastDetected(namespace));
        }
        if (keys.isEmpty()) {
            heartbeat(timeout);
            return;
        }
        List<KeyValue<String, byte[]>> values = await(endpoint.async().mget(keys.toArray(String[]::new)), timeout);
        answered();
        List<Long> gone = new ArrayList<>();
        for (int i = 0; i < win.size(); i++) {
            EpochData d = data.get(win.get(i));
            if (d == null) {
                continue;
            }
            byte[] raw = value(values.get(i));
            if (raw == null && d.releasedKey) {
                gone.add(win.get(i));
            } else if (raw != null) {
                d.releasedKey = true;
                d.releasedAt = EpochJsonParser.unixSeconds(raw);
            }
        }
        boolean farthest = false;
        int found = 0;
        for (int i = 0; i < probes; i++) {
            if (value(values.get(win.size() + i)) != null) {
                known.add(next + i);
                found++;
                farthest = i == probes - 1;
            }
        }
        byte[] first = probes == 0 ? null : value(values.get(win.size()));
        if (found == 1 && first != null) {
            // one release since the last round: its state hashes are (nearly) empty, and the
            // next-state check finds them; more than one means a gap, read whole as unread epochs
            EpochData d = new EpochData();
            d.releasedKey = true;
            d.releasedAt = EpochJsonParser.unixSeconds(first);
            data.putIfAbsent(next, d);
        }
        if (namespace != null) {
            active = activeFlag(value(values.get(values.size() - 2)));
            lastDetected = EpochJsonParser.unixSeconds(value(values.get(values.size() - 1)));
        }
        readEpochs(gone);
        if (farthest) {
            probeFurther(next + probes);
        }
    }

    /** The epochs went on past the probes (e.g. after a long pause): follow them up to a window ahead. */
    private void probeFurther(long from) throws Exception {
        long at = from;
        while (at - from < WINDOW) {
            String[] keys = new String[WINDOW / 2];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = EpochKeys.released(at + i);
            }
            List<KeyValue<String, byte[]>> values = await(endpoint.async().mget(keys), settings.commandTimeout());
            boolean last = false;
            for (int i = 0; i < keys.length; i++) {
                if (value(values.get(i)) != null) {
                    known.add(at + i);
                    last = i == keys.length - 1;
                }
            }
            if (!last) {
                return;
            }
            at += keys.length;
        }
    }

    private static byte[] value(KeyValue<String, byte[]> kv) {
        return kv == null || !kv.hasValue() ? null : kv.getValue();
    }

    /**
     * The liveness key says an epoch was detected well after the newest release known, and no SCAN
     * looked for it yet: the epoch numbers probably jumped past what probing reaches.
     */
    private boolean detectedAhead() {
        Long released = newestRelease();
        return released != null && lastDetected != null && lastDetected > released + GAP_SLACK_SECONDS
                && !lastDetected.equals(scannedForDetected);
    }

    private Long newestRelease() {
        EpochData newest = known.isEmpty() ? null : data.get(known.last());
        return newest == null ? null : newest.releasedAt;
    }

    /**
     * Whether epochs may exist that probing cannot reach: none known at all, or no release for
     * three epoch periods (also true of an idle pooler, hence the backoff between these SCANs).
     */
    private boolean newerEpochLikely(Instant now) {
        if (known.isEmpty()) {
            return true;
        }
        Long released = newestRelease();
        if (released == null) {
            return false;
        }
        Long period = releasePeriod();
        return period != null && now.getEpochSecond() - released > 3 * period + GAP_SLACK_SECONDS;
    }

    /** The median time between consecutive releases in the window, seconds; null when unknown. */
    private Long releasePeriod() {
        List<Long> gaps = new ArrayList<>();
        Long prevEpoch = null;
        Long prevTime = null;
        for (Long e : known) {
            EpochData d = data.get(e);
            if (d == null || d.releasedAt == null) {
                continue;
            }
            if (prevEpoch != null && d.releasedAt > prevTime) {
                gaps.add((d.releasedAt - prevTime) / (e - prevEpoch));
            }
            prevEpoch = e;
            prevTime = d.releasedAt;
        }
        if (gaps.isEmpty()) {
            return null;
        }
        gaps.sort(Comparator.naturalOrder());
        return Math.max(1, gaps.get(gaps.size() / 2));
    }

    /** HLEN of each of {@code keys} (state hashes), pipelined; the keys whose length differs from what was read. */
    private List<String> changedHashes(List<String> keys) throws Exception {
        Map<String, RedisFuture<Long>> lengths = new LinkedHashMap<>();
        RedisClusterAsyncCommands<String, byte[]> async = endpoint.async();
        for (String key : keys) {
            lengths.put(key, async.hlen(key));
        }
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, RedisFuture<Long>> en : lengths.entrySet()) {
            EpochKeys.Parsed p = EpochKeys.parse(en.getKey());
            long n = lengthReply(en.getValue());
            EpochData d = data.get(p.epoch());
            if (d != null && d.length(p.stateId()) != n) {
                changed.add(en.getKey());
            }
        }
        if (!lengths.isEmpty()) {
            answered();
        }
        return changed;
    }

    /** Whether a re-read hash differs (unchanged entries keep their parsed objects, see parseHash). */
    private static boolean changed(Map<String, StateUpdate> before, Map<String, StateUpdate> after) {
        if (before.size() != after.size()) {
            return true;
        }
        for (Map.Entry<String, StateUpdate> e : after.entrySet()) {
            if (before.get(e.getKey()) != e.getValue()) {
                return true;
            }
        }
        return false;
    }

    /** A key that is not a hash (WRONGTYPE) counts as empty, as in {@link #hashReply}. */
    private long lengthReply(RedisFuture<Long> f) throws Exception {
        try {
            return await(f, settings.commandTimeout());
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            return 0;
        }
    }

    /** Reads the released key and every state hash of {@code epochs}, all pipelined. */
    private void readEpochs(Collection<Long> epochs) throws Exception {
        if (epochs.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        for (Long e : epochs) {
            keys.add(EpochKeys.released(e));
            for (String s : stateIds) {
                keys.add(EpochKeys.status(e, s));
            }
        }
        readKeys(keys);
    }

    /**
     * Reads exactly these keys (GET for a released key, HGETALL for a state hash), pipelined, and
     * applies them. An epoch becomes known or is dropped when it has no keys left.
     */
    private void readKeys(Collection<String> keys) throws Exception {
        readKeys(keys, false);
    }

    /** @param track note the hashes that changed, for the next polling rounds */
    private void readKeys(Collection<String> keys, boolean track) throws Exception {
        if (keys.isEmpty()) {
            return;
        }
        RedisClusterAsyncCommands<String, byte[]> async = endpoint.async();
        Map<String, RedisFuture<byte[]>> released = new LinkedHashMap<>();
        Map<String, RedisFuture<Map<String, byte[]>>> hashes = new LinkedHashMap<>();
        for (String key : keys) {
            EpochKeys.Parsed p = EpochKeys.parse(key);
            if (p == null) {
                continue;
            }
            if (p.stateId() == null) {
                released.put(key, async.get(key));
            } else {
                hashes.put(key, async.hgetall(key));
            }
        }
        Instant now = clock.instant();
        Set<Long> touched = new LinkedHashSet<>();
        for (Map.Entry<String, RedisFuture<byte[]>> en : released.entrySet()) {
            byte[] rel = await(en.getValue(), settings.commandTimeout());
            EpochData d = data.computeIfAbsent(EpochKeys.parse(en.getKey()).epoch(), k -> new EpochData());
            d.releasedKey = rel != null;
            d.releasedAt = EpochJsonParser.unixSeconds(rel);
            touched.add(EpochKeys.parse(en.getKey()).epoch());
            lastRead.put(en.getKey(), now);
        }
        for (Map.Entry<String, RedisFuture<Map<String, byte[]>>> en : hashes.entrySet()) {
            EpochKeys.Parsed p = EpochKeys.parse(en.getKey());
            Map<String, byte[]> fields = hashReply(en.getValue());
            EpochData d = data.computeIfAbsent(p.epoch(), k -> new EpochData());
            Map<String, StateUpdate> before = d.states.getOrDefault(p.stateId(), Map.of());
            Map<String, StateUpdate> after = fields.isEmpty() ? Map.of() : parseHash(p.stateId(), fields, before, projectIds);
            if (!after.isEmpty() && after.equals(before)) {
                after = before; // the same instance: emit() then reuses the epoch built from it
            }
            if (after.isEmpty()) {
                d.states.remove(p.stateId());
            } else {
                d.states.put(p.stateId(), after);
            }
            if (track && changed(before, after)) {
                Long last = changedAt.put(en.getKey(), round);
                streak.merge(en.getKey(), 1, (was, one) -> last != null && last == round - 1 ? was + 1 : 1);
            }
            touched.add(p.epoch());
            lastRead.put(en.getKey(), now);
        }
        answered();
        for (Long e : touched) {
            EpochData d = data.get(e);
            if (d.isEmpty()) {
                data.remove(e);
                known.remove(e);
            } else {
                known.add(e);
            }
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

    /**
     * Parses a hash. A field whose text is unchanged keeps its previous update; identical texts
     * within the hash (common: same status and second) are parsed once. Project IDs are kept as
     * one instance each ({@code ids}).
     */
    private static Map<String, StateUpdate> parseHash(String stateId, Map<String, byte[]> fields, Map<String, StateUpdate> before,
                                                      CanonicalStrings ids) {
        Map<String, StateUpdate> out = new HashMap<>(fields.size() * 2);
        Map<String, StateUpdate> sameText = new HashMap<>();
        fields.forEach((field, raw) -> {
            String project = ids.of(field);
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
            StateUpdate u = EpochJsonParser.parse(project, stateId, text);
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
        List<KeyValue<String, byte[]>> v = await(endpoint.async().mget(EpochKeys.active(namespace), EpochKeys.lastDetected(namespace)),
                settings.commandTimeout());
        active = activeFlag(value(v.get(0)));
        lastDetected = EpochJsonParser.unixSeconds(value(v.get(1)));
        answered();
    }

    static Boolean activeFlag(byte[] raw) {
        if (raw == null) {
            return null;
        }
        String v = RawText.decode(raw).text().trim();
        return !(v.equals("0") || v.equalsIgnoreCase("false"));
    }

    /**
     * Re-reads the keys notifications named, each at most once per {@link #COALESCE}: a key read
     * less than that ago stays dirty until its time comes. An epoch not read yet is read whole,
     * unless it is newer than every epoch known (a release: its state hashes come later).
     */
    private void flushDirty() throws Exception {
        if (!endpoint.isOpen()) {
            throw new io.lettuce.core.RedisConnectionException("connection to Redis lost");
        }
        for (java.util.Iterator<String> it = notified.iterator(); it.hasNext(); ) {
            dirtyKeys.add(it.next());
            it.remove();
        }
        if (dirtyKeys.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long newestBefore = known.isEmpty() ? Long.MAX_VALUE : known.last();
        List<String> ready = new ArrayList<>();
        boolean liveness = false;
        for (java.util.Iterator<String> it = dirtyKeys.iterator(); it.hasNext(); ) {
            String key = it.next();
            EpochKeys.Parsed p = EpochKeys.parse(key);
            if (p == null) {
                liveness = true;
                it.remove();
                continue;
            }
            known.add(p.epoch());
            if (p.stateId() != null) {
                stateIds.add(p.stateId());
            }
            Instant last = lastRead.get(key);
            if (last == null || Duration.between(last, now).compareTo(COALESCE) >= 0) {
                ready.add(key);
                it.remove();
            }
        }
        List<Long> win = window();
        Set<Long> inWindow = new java.util.HashSet<>(win);
        // an epoch that fell out of the window is forgotten, with its pending keys
        data.keySet().retainAll(inWindow);
        dirtyKeys.removeIf(k -> !inWindow.contains(EpochKeys.parse(k).epoch()));
        lastRead.keySet().removeIf(k -> !inWindow.contains(EpochKeys.parse(k).epoch()));
        List<Long> unread = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String key : ready) {
            long e = EpochKeys.parse(key).epoch();
            if (!inWindow.contains(e)) {
                continue;
            }
            // a new epoch's other keys do not exist yet: read just this one (its hashes come by notification)
            if (!data.containsKey(e) && e <= newestBefore) {
                if (!unread.contains(e)) {
                    unread.add(e);
                }
            } else {
                keys.add(key);
            }
        }
        if (unread.isEmpty() && keys.isEmpty() && !liveness) {
            return;
        }
        readEpochs(unread);
        readKeys(keys);
        if (liveness) {
            readLiveness();
        }
        emit(false);
    }

    /** The epochs read so far of the window, newest first, for a first look ({@link ControlPlaneListener#onNewestEpochs}). */
    private void emitNewest(int olderToCome) {
        List<Epoch> epochs = new ArrayList<>();
        for (Long e : window()) {
            EpochData d = data.get(e);
            if (d != null) {
                epochs.add(d.epoch(e)); // built once: the whole window's emit takes the same epoch
            }
        }
        listener.onNewestEpochs(new EpochWindow(namespace, epochs, active, lastDetected, clock.instant()), olderToCome);
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
            epochs.add(d.epoch(e));
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
