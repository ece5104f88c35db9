package dev.watchkeeper.app.history;

import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.history.WindowQueries;
import dev.watchkeeper.model.IndexerId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle beginnings of a stretch of history with no recorded gap, held between frames so
 * that scrubbing does not read the hour before every moment again: a step forward reads only the
 * stretch it moves into, a step back reads nothing. Reader thread only.
 */
final class LifecycleSpan {

    /** A span longer than this is read afresh (it holds every beginning in it). */
    static final Duration MAX_SPAN = Duration.ofHours(3);

    private Instant from;
    /** Whether the fleet at {@link #from} was known (else an indexer's first event there only says what its lifecycle was). */
    private final boolean baseKnown;
    private Instant to;
    /** Each indexer's lifecycle key at {@link #to}, to go on reading from there. */
    private final Map<IndexerId, String> lifecycleAtTo;
    /** Oldest first. */
    private final Beginnings beginnings;

    private LifecycleSpan(Instant from, boolean baseKnown, Instant to, Map<IndexerId, String> lifecycleAtTo, Beginnings beginnings) {
        this.from = from;
        this.baseKnown = baseKnown;
        this.to = to;
        this.lifecycleAtTo = lifecycleAtTo;
        this.beginnings = beginnings;
    }

    /** Reads the beginnings after {@code from} up to {@code to}; {@code base} is the fleet at {@code from}, null when not known. */
    static LifecycleSpan read(WindowQueries w, Map<IndexerId, IndexerRecord> base, Instant from, Instant to) {
        Map<IndexerId, String> lifecycle = WindowQueries.lifecycles(base);
        Beginnings b = new Beginnings();
        b.addAll(w.lifecycleBeginnings(from, to, lifecycle, base != null));
        return new LifecycleSpan(from, base != null, to, lifecycle, b);
    }

    Instant from() {
        return from;
    }

    /**
     * Whether a look from {@code start} to {@code t} can be answered from this span (reading forward
     * if need be): from any later start when the fleet at its beginning was known, else only from
     * that same beginning (where the history starts or resumes after a gap). A known span that would
     * grow longer than {@link #MAX_SPAN} lets go of its oldest beginnings instead (it slides).
     */
    boolean serves(Instant start, boolean startKnown, Instant t) {
        boolean sameStart = baseKnown ? startKnown && !start.isBefore(from) : !startKnown && start.equals(from);
        if (!sameStart || t.isBefore(from)) {
            return false;
        }
        if (Duration.between(from, t).minus(MAX_SPAN).isPositive()) {
            if (!baseKnown) {
                return false;
            }
            slideTo(start);
        }
        return true;
    }

    /** Forgets the beginnings up to {@code newFrom}: looks never start before it again (those before it read afresh). */
    private void slideTo(Instant newFrom) {
        beginnings.removeFirst(firstAfter(newFrom));
        from = newFrom;
    }

    /**
     * Reads the stretch before this span, from {@code earlier} (the fleet {@code base} then), so that
     * looks starting there are answered too: a step back costs the stretch it moves into.
     */
    void extendBack(WindowQueries w, Map<IndexerId, IndexerRecord> base, Instant earlier) {
        Beginnings before = new Beginnings();
        before.addAll(w.lifecycleBeginnings(earlier, from, WindowQueries.lifecycles(base), true));
        beginnings.prepend(before);
        from = earlier;
    }

    /** Starts reading the stretch before this span, from {@code earlier} (the fleet {@code base} then), piece by piece. */
    Before before(Map<IndexerId, IndexerRecord> base, Instant earlier) {
        return new Before(WindowQueries.lifecycles(base), earlier);
    }

    /**
     * The stretch before the span, read a piece at a time while the reader has nothing else to do,
     * then joined to the span: a step back then finds it read instead of waiting for it.
     */
    final class Before {
        private final Map<IndexerId, String> lifecycle;
        private final Instant earlier;
        /** The span's start when this began: a span that slid forward meanwhile no longer wants it. */
        private final Instant until;
        private final Beginnings read = new Beginnings();
        private Instant readTo;

        private Before(Map<IndexerId, String> lifecycle, Instant earlier) {
            this.lifecycle = lifecycle;
            this.earlier = earlier;
            this.until = from;
            this.readTo = earlier;
        }

        /** Whether it still fits {@code span} (the span read last). */
        boolean of(LifecycleSpan span) {
            return span == LifecycleSpan.this && until.equals(from);
        }

        /** Reads up to {@code piece} further (null: all the rest); joins the span once all is read and says so. */
        boolean readOn(WindowQueries w, Duration piece) {
            Instant to = piece == null || readTo.plus(piece).isAfter(until) ? until : readTo.plus(piece);
            read.addAll(w.lifecycleBeginnings(readTo, to, lifecycle, true));
            readTo = to;
            if (to.isBefore(until)) {
                return false;
            }
            beginnings.prepend(read);
            from = earlier;
            return true;
        }
    }

    boolean baseKnown() {
        return baseKnown;
    }

    /**
     * When each indexer's lifecycle last began after {@code start} up to {@code t}; reads up to {@code t} first if it is later
     * than what is held. The map is immutable.
     */
    Map<IndexerId, Instant> since(WindowQueries w, Instant start, Instant t) {
        return since(w, null, start, t);
    }

    /** As above; the stretch read forward comes from {@code cursor} when it holds it (null: from the store). */
    Map<IndexerId, Instant> since(WindowQueries w, dev.watchkeeper.history.HistoryQueries.Cursor cursor, Instant start, Instant t) {
        if (t.isAfter(to)) {
            // a cursor that holds the stretch hands its changes (else nothing, and the store is read)
            boolean held = cursor != null && cursor.changes(to.toEpochMilli(), t.toEpochMilli(), (atMs, id, record) -> {
                // most changes leave the lifecycle as it was: its key is made only when it changed
                if (!WindowQueries.isLifecycleKey(lifecycleAtTo.get(id), record)) {
                    String now = WindowQueries.lifecycleKey(record);
                    lifecycleAtTo.put(id, now);
                    if (now != null) {
                        beginnings.add(atMs, id);
                    }
                }
            });
            if (!held) {
                beginnings.addAll(w.lifecycleBeginnings(to, t, lifecycleAtTo, true));
            }
            to = t;
        }
        answerBefore = answer;
        changed = new ArrayList<>();
        if (answer != null && !start.isBefore(answerStart) && !t.isBefore(answerAt)) {
            later(start, t);
        } else if (answer != null && !start.isAfter(answerStart) && !t.isAfter(answerAt) && !start.isBefore(from)) {
            earlier(start, t);
        } else {
            answerBefore = null;
            changed = null;
            looked = new HashMap<>();
            for (int i = firstAfter(start); i < beginnings.size() && beginnings.atMs(i) <= t.toEpochMilli(); i++) {
                looked.put(beginnings.id(i), Instant.ofEpochMilli(beginnings.atMs(i)));
            }
        }
        // handed out, so a copy; an immutable one is a single array, not an entry object per indexer
        answer = Map.copyOf(looked);
        answerStart = start;
        answerAt = t;
        return answer;
    }

    /** The look answered last, kept so that the next one (a scrub step away) reads only the difference. */
    private Map<IndexerId, Instant> answer;
    private Instant answerStart;
    private Instant answerAt;
    /** The same as {@link #answer}, changed by the next look into its own. */
    private Map<IndexerId, Instant> looked;
    /** The answer before the last, and the indexers whose beginning differs in the last; null when it was looked afresh. */
    private Map<IndexerId, Instant> answerBefore;
    private List<IndexerId> changed;

    /**
     * The indexers whose entry in {@code after} differs from {@code before}'s (some maybe twice), when
     * they are the last answer and the one before it; else null (not known).
     */
    List<IndexerId> changed(Map<IndexerId, Instant> before, Map<IndexerId, Instant> after) {
        return before != null && before == answerBefore && after == answer ? changed : null;
    }

    /** A look later than the last: its beginnings, less those now before the look, plus those after it. */
    private void later(Instant start, Instant t) {
        Map<IndexerId, Instant> out = looked;
        if (start.isAfter(answerStart)) {
            out.entrySet().removeIf(e -> !e.getValue().isAfter(start) && changed.add(e.getKey()));
        }
        for (int i = firstAfter(answerAt); i < beginnings.size() && beginnings.atMs(i) <= t.toEpochMilli(); i++) {
            out.put(beginnings.id(i), Instant.ofEpochMilli(beginnings.atMs(i)));
            changed.add(beginnings.id(i));
        }
    }

    /**
     * A look earlier than the last: a beginning at or before {@code t} was still the last; those after
     * {@code t} are replaced by the one before, read backwards only until all are found; indexers the
     * last look did not hold can only have begun before its start.
     */
    private void earlier(Instant start, Instant t) {
        Map<IndexerId, Instant> out = looked;
        java.util.Set<IndexerId> need = new java.util.HashSet<>();
        out.entrySet().removeIf(e -> e.getValue().isAfter(t) && need.add(e.getKey()));
        changed.addAll(need);
        int lowest = firstAfter(start);
        int beforeLast = firstAfter(answerStart);
        int i = firstAfter(t) - 1;
        for (; i >= beforeLast && !need.isEmpty(); i--) {
            if (need.remove(beginnings.id(i))) {
                out.put(beginnings.id(i), Instant.ofEpochMilli(beginnings.atMs(i)));
            }
        }
        for (i = Math.min(i, beforeLast - 1); i >= lowest; i--) {
            if (!out.containsKey(beginnings.id(i))) {
                out.put(beginnings.id(i), Instant.ofEpochMilli(beginnings.atMs(i)));
                changed.add(beginnings.id(i));
            }
        }
    }

    /** The first beginning after {@code start} (beginnings are whole milliseconds). */
    private int firstAfter(Instant start) {
        return beginnings.firstAfter(start.toEpochMilli());
    }
}
