package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.Progress;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Reads every indexer's {@code :last_published_block} (GET) and {@code :block_stream} length
 * (XLEN), pipelined in batches, and remembers what it read so that only changes are reported
 * after the first full read. A bad value or a wrong key type marks that one indexer, no other.
 */
final class ProgressReader {

    /** Block heights above this are not believed (NEAR mainnet is around 1.4e8). */
    static final long MAX_BLOCK_HEIGHT = 1_000_000_000_000L;
    private static final int BATCH = 1000;

    private final Map<IndexerId, Progress> last = new HashMap<>();
    private boolean fresh = true;

    /** Forget everything: the next read reports every indexer. */
    void reset() {
        last.clear();
        fresh = true;
    }

    /**
     * Forgets removed indexers: one created again under the same name is reported at its next read,
     * even when its keys hold what they held before.
     */
    void forget(Collection<IndexerId> ids) {
        ids.forEach(last::remove);
    }

    /** Work the reader runs between two batches of a full read, so that a long read does not hold it up. */
    interface BetweenBatches {
        void run() throws Exception;
    }

    /** Reads all indexers; returns every item on the first read after a reset, else only the changed ones. */
    List<Progress> read(RedisClusterAsyncCommands<String, byte[]> async, Collection<IndexerId> ids, Duration timeout) throws Exception {
        return read(async, ids, timeout, true, () -> { });
    }

    /**
     * As {@link #read(RedisClusterAsyncCommands, Collection, Duration)}, running {@code between} after
     * each batch of {@value #BATCH}: the state changes that arrived meanwhile go out at once instead of
     * waiting for 10,000 indexers' progress (a periodic stall of the whole read, the tail of every
     * latency percentile).
     */
    List<Progress> read(RedisClusterAsyncCommands<String, byte[]> async, Collection<IndexerId> ids, Duration timeout,
                        BetweenBatches between) throws Exception {
        return read(async, ids, timeout, true, between);
    }

    /**
     * Reads {@code ids} only (those a keyspace notification named), returns the changed ones and
     * forgets none of the others.
     */
    List<Progress> readSome(RedisClusterAsyncCommands<String, byte[]> async, Collection<IndexerId> ids, Duration timeout) throws Exception {
        return read(async, ids, timeout, false, () -> { });
    }

    private List<Progress> read(RedisClusterAsyncCommands<String, byte[]> async, Collection<IndexerId> ids, Duration timeout,
                                boolean everyIndexer, BetweenBatches between) throws Exception {
        List<IndexerId> all = new ArrayList<>(ids);
        List<Progress> out = new ArrayList<>();
        Set<IndexerId> seen = new HashSet<>(all.size() * 2);
        for (int i = 0; i < all.size(); i += BATCH) {
            List<IndexerId> batch = all.subList(i, Math.min(all.size(), i + BATCH));
            List<RedisFuture<byte[]>> gets = new ArrayList<>(batch.size());
            List<RedisFuture<Long>> lens = new ArrayList<>(batch.size());
            for (IndexerId id : batch) {
                gets.add(async.get(id.lastPublishedBlockKey()));
                lens.add(async.xlen(id.blockStreamKey()));
            }
            for (int j = 0; j < batch.size(); j++) {
                IndexerId id = batch.get(j);
                seen.add(id);
                Reply<byte[]> block = reply(gets.get(j), timeout);
                Reply<Long> len = reply(lens.get(j), timeout);
                Progress p = parse(id, block.value, block.error, len.value, len.error);
                Progress before = last.put(id, p);
                if (fresh || !Objects.equals(before, p)) {
                    out.add(p);
                }
            }
            if (i + BATCH < all.size()) {
                between.run();
            }
        }
        if (everyIndexer) {
            last.keySet().retainAll(seen);
            fresh = false;
        }
        return out;
    }

    /** The height when the value is 1 to 18 ASCII digits at most {@link #MAX_BLOCK_HEIGHT}, else null (parse explains). */
    private static Long plainHeight(byte[] v) {
        if (v.length == 0 || v.length > 18) {
            return null;
        }
        long h = 0;
        for (byte b : v) {
            if (b < '0' || b > '9') {
                return null;
            }
            h = h * 10 + (b - '0');
        }
        return h > MAX_BLOCK_HEIGHT ? null : h;
    }

    private record Reply<T>(T value, String error) {
    }

    /** A server error for this one key (e.g. WRONGTYPE) is that key's problem; anything else fails the round. */
    private static <T> Reply<T> reply(RedisFuture<T> f, Duration timeout) throws Exception {
        try {
            return new Reply<>(ReconnectingRedisLoop.await(f, timeout), null);
        } catch (RedisCommandExecutionException e) {
            return new Reply<>(null, RawText.abbreviate(String.valueOf(e.getMessage()), 120));
        } catch (ExecutionException e) {
            throw e;
        }
    }

    /**
     * One indexer's progress from the raw replies. Missing keys give null values without a
     * problem; unreadable ones give null values with a problem that quotes the raw text.
     */
    static Progress parse(IndexerId id, byte[] lastPublished, String lastPublishedError, Long queueLength, String queueError) {
        List<String> problems = new ArrayList<>(2);
        Long block = null;
        if (lastPublishedError != null) {
            problems.add("last_published_block cannot be read: " + lastPublishedError);
        } else if (lastPublished != null && (block = plainHeight(lastPublished)) != null) {
            // the usual value: digits only, read without decoding or patterns (every running indexer, every second)
        } else if (lastPublished != null) {
            RawText raw = RawText.decode(lastPublished);
            String text = raw.text().trim();
            String quoted = "\"" + RawText.abbreviate(raw.text(), 60) + "\"";
            if (text.matches("[0-9]{1,19}")) {
                try {
                    long v = Long.parseLong(text);
                    if (v > MAX_BLOCK_HEIGHT) {
                        problems.add("last_published_block is absurdly large: " + quoted);
                    } else {
                        block = v;
                    }
                } catch (NumberFormatException tooBig) {
                    problems.add("last_published_block is absurdly large: " + quoted);
                }
            } else if (text.matches("-[0-9]+")) {
                problems.add("last_published_block is negative: " + quoted);
            } else if (text.matches("[0-9]+")) {
                problems.add("last_published_block is absurdly large: " + quoted);
            } else {
                problems.add("last_published_block is not a block height: " + quoted);
            }
        }
        if (queueError != null) {
            problems.add("block_stream cannot be read: " + queueError);
        }
        Long queue = queueError == null ? (queueLength == null ? null : queueLength) : null;
        return new Progress(id, block, queue, problems.isEmpty() ? null : String.join("; ", problems));
    }
}
