package dev.watchkeeper.bench.soak;

import dev.watchkeeper.connectors.redis.StateJsonParser;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether the console's model equals Redis, field by field, for every indexer. Redis changes all
 * the time under load, so the rule is: every value that Redis held unchanged from {@code before}
 * (read first) through {@code after} (read just after the model) must be shown exactly, because
 * it was written at least the settle time before the model was read. A value that changed in
 * between is not judged in that round (the next round judges it).
 *
 * <p>"Unchanged" is decided without guessing: a state counts as changed when the two reads
 * differ or the simulator wrote that indexer's state in between (so A → B → A is not taken for
 * stable); a stream length only when the stream's last generated entry ID is also the same in both
 * reads (read with the length by one XINFO STREAM, so atomically: an entry added in between changes
 * the ID, and trims alone only shorten the stream, so equal ends mean no change). The last
 * published block is a different key, written after the entries: judging the length by it took a
 * read that fell between the simulator's XADD and its SET for a settled value.
 */
final class ModelCheck {

    /**
     * One indexer as Redis holds it: the raw state value (null: listed but no value), last published
     * block (raw, null when absent), stream length and the stream's last generated entry ID (null:
     * no stream), the last two from one XINFO STREAM.
     */
    record Held(String state, String lastPublished, long streamLength, String lastEntryId) {
        Held(String state, String lastPublished, long streamLength) {
            this(state, lastPublished, streamLength, streamLength == 0 ? null : "0-" + streamLength);
        }
    }

    /** One indexer as the console's model shows it. */
    record Shown(IndexerState state, Long lastPublishedBlock, Long queueDepth) {
    }

    /**
     * @param compared   values compared (presence, state, last published block, stream length)
     * @param unsettled  values not judged because they changed during the round
     * @param mismatches what differs, one line per value, at most {@link #MAX_LISTED}
     * @param mismatched how many values differ in all
     */
    record Result(int compared, int unsettled, List<String> mismatches, int mismatched) {
        boolean ok() {
            return mismatched == 0;
        }
    }

    static final int MAX_LISTED = 20;

    private ModelCheck() {
    }

    static Result compare(Map<IndexerId, Held> before, Map<IndexerId, Shown> model, Map<IndexerId, Held> after,
                          Set<IndexerId> stateWritten) {
        Set<IndexerId> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        all.addAll(model.keySet());
        int compared = 0;
        int unsettled = 0;
        int mismatched = 0;
        List<String> lines = new ArrayList<>();
        for (IndexerId id : all.stream().sorted(java.util.Comparator.comparing(IndexerId::fullName)).toList()) {
            Held a = before.get(id);
            Held b = after.get(id);
            Shown m = model.get(id);
            List<String> diffs = new ArrayList<>();
            if ((a == null) != (b == null) || stateWritten.contains(id) && (a == null || b == null)) {
                unsettled++;
                continue;
            }
            compared++;
            if (a == null) {
                diffs.add("shown, but not listed in Redis");
            } else if (m == null) {
                diffs.add("listed in Redis, not shown");
            } else {
                if (Objects.equals(a.state(), b.state()) && !stateWritten.contains(id)) {
                    compared++;
                    IndexerState expected = a.state() == null ? IndexerState.missing(id) : StateJsonParser.parse(id, a.state());
                    String d = stateDiff(expected, m.state());
                    if (d != null) {
                        diffs.add(d);
                    }
                } else {
                    unsettled++;
                }
                boolean blockSettled = Objects.equals(a.lastPublished(), b.lastPublished());
                if (blockSettled) {
                    compared++;
                    Long expected = a.lastPublished() == null ? null : Long.valueOf(a.lastPublished().trim());
                    if (!Objects.equals(expected, m.lastPublishedBlock())) {
                        diffs.add("last published block " + expected + " in Redis, " + m.lastPublishedBlock() + " shown");
                    }
                } else {
                    unsettled++;
                }
                if (Objects.equals(a.lastEntryId(), b.lastEntryId()) && a.streamLength() == b.streamLength()) {
                    compared++;
                    if (m.queueDepth() == null || m.queueDepth() != a.streamLength()) {
                        diffs.add("stream length " + a.streamLength() + " in Redis, " + m.queueDepth() + " shown");
                    }
                } else {
                    unsettled++;
                }
            }
            mismatched += diffs.size();
            for (String d : diffs) {
                if (lines.size() < MAX_LISTED) {
                    lines.add(id.fullName() + ": " + d);
                }
            }
        }
        return new Result(compared, unsettled, List.copyOf(lines), mismatched);
    }

    /** Null when equal, else every field that differs, as "field Redis-value ≠ shown-value". */
    static String stateDiff(IndexerState redis, IndexerState shown) {
        if (shown == null) {
            return "state " + redis.lifecycleText() + " in Redis, none shown";
        }
        List<String> d = new ArrayList<>();
        field(d, "lifecycle", redis.lifecycle(), shown.lifecycle());
        field(d, "lifecycle_state", redis.rawLifecycle(), shown.rawLifecycle());
        field(d, "enabled", redis.enabled(), shown.enabled());
        field(d, "block_stream_synced_at", redis.blockStreamSyncedAt(), shown.blockStreamSyncedAt());
        field(d, "raw value", redis.rawJson(), shown.rawJson());
        field(d, "problem", redis.problem(), shown.problem());
        field(d, "readability", redis.readability(), shown.readability());
        return d.isEmpty() ? null : "state differs: " + String.join(", ", d);
    }

    private static void field(List<String> d, String name, Object redis, Object shown) {
        if (!Objects.equals(redis, shown)) {
            d.add(name + " " + redis + " in Redis, " + shown + " shown");
        }
    }
}
