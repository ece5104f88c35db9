package dev.watchkeeper.app.notify;

import dev.watchkeeper.app.attention.AttentionEntry;
import javafx.beans.value.ObservableValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Holds new problems for a short while before notifying, and drops those that joined an incident
 * meanwhile: the first stalls of an outage arrive before there are enough of them to be an
 * incident, and the incident's own notification covers them. A lone problem is told {@code hold}
 * late; one whose group is still forming (others of its cause began close to it) waits up to
 * {@link #MAX_HOLD_FACTOR} times as long. A problem that recovered meanwhile is not told.
 */
public final class HeldProblemNotifications implements Consumer<List<AttentionEntry>> {

    /** Half the incident window: the first members of an outage are usually grouped by then. */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);
    /** A forming group gets this many holds: the block streamer reports an outage's stalls over its 120 s health period. */
    public static final int MAX_HOLD_FACTOR = 4;

    private final Consumer<List<AttentionEntry>> delegate;
    private final ObservableValue<Instant> now;
    private volatile Duration hold;
    private final Predicate<AttentionEntry> grouped;
    private final Predicate<AttentionEntry> present;
    private final Predicate<AttentionEntry> forming;
    /** Entry → when it arrived. */
    private final Map<AttentionEntry, Instant> waiting = new LinkedHashMap<>();

    /**
     * @param grouped true when an entry's problem belongs to an incident
     * @param present true when an entry still needs an operator (not recovered while held)
     * @param forming true when an entry's group is growing but not yet an incident
     */
    public HeldProblemNotifications(Consumer<List<AttentionEntry>> delegate, ObservableValue<Instant> now, Duration hold,
                                    Predicate<AttentionEntry> grouped, Predicate<AttentionEntry> present,
                                    Predicate<AttentionEntry> forming) {
        this.delegate = delegate;
        this.now = now;
        this.hold = hold;
        this.grouped = grouped;
        this.present = present;
        this.forming = forming;
        now.addListener((obs, o, t) -> release(t));
    }

    @Override
    public void accept(List<AttentionEntry> fresh) {
        Instant arrived = at();
        for (AttentionEntry e : fresh) {
            waiting.putIfAbsent(e, arrived);
        }
    }

    /** Changes the hold for problems from now on (a demo or test running faster than upstream time scales it). */
    public void setHold(Duration hold) {
        this.hold = hold;
    }

    /** Entries waiting to be told (tests). */
    public int waiting() {
        return waiting.size();
    }

    private void release(Instant t) {
        if (waiting.isEmpty() || t == null) {
            return;
        }
        List<AttentionEntry> tell = new ArrayList<>();
        Duration h = hold;
        waiting.entrySet().removeIf(w -> {
            Instant arrived = w.getValue();
            if (arrived.plus(h).isAfter(t)) {
                return false;
            }
            AttentionEntry e = w.getKey();
            if (!present.test(e) || grouped.test(e)) {
                return true;
            }
            if (forming.test(e) && arrived.plus(h.multipliedBy(MAX_HOLD_FACTOR)).isAfter(t)) {
                return false;
            }
            tell.add(e);
            return true;
        });
        if (!tell.isEmpty()) {
            delegate.accept(tell);
        }
    }

    private Instant at() {
        return now.getValue() == null ? Instant.now() : now.getValue();
    }
}
