package dev.watchkeeper.app.ui;

import javafx.beans.value.ObservableValue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A clock that reads a ticking value: the session's "now" (tests drive it), or the moment a rewound
 * console shows, so ages in those views count from then. Before the first tick it reads the system clock.
 */
public final class ObservedClock extends Clock {

    private final ObservableValue<Instant> now;

    public ObservedClock(ObservableValue<Instant> now) {
        this.now = now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.systemDefault();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.getValue() == null ? Instant.now() : now.getValue();
    }
}
