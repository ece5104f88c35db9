package dev.watchkeeper.history;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests. {@link #strictlyIncreasing()} follows the system clock but never returns the
 * same millisecond twice, so each recorded event has its own moment and "the live state at T" is
 * exact; {@link #manual(long)} moves only when told.
 */
final class SteppingClock extends Clock {

    private final AtomicLong last;
    private final boolean manual;

    private SteppingClock(long start, boolean manual) {
        this.last = new AtomicLong(start);
        this.manual = manual;
    }

    static SteppingClock strictlyIncreasing() {
        return new SteppingClock(0, false);
    }

    static SteppingClock manual(long startMs) {
        return new SteppingClock(startMs, true);
    }

    void advance(long ms) {
        last.addAndGet(ms);
    }

    @Override
    public long millis() {
        if (manual) {
            return last.get();
        }
        return last.updateAndGet(prev -> Math.max(prev + 1, System.currentTimeMillis()));
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
