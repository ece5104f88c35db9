package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceTrackerTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<SourceStatus> reported = new ArrayList<>();
    private final SourceTracker tracker = new SourceTracker(Source.COORDINATOR, "gRPC h:9003", reported::add, clock);

    @Test
    void everySuccessAdvancesLastConfirmedButReportsAtMostOnceASecond() {
        tracker.confirmed();
        clock.now = clock.now.plusMillis(300);
        tracker.confirmed();
        assertThat(tracker.current().lastConfirmed()).isEqualTo(clock.now);
        assertThat(reported).hasSize(1);
        clock.now = clock.now.plusSeconds(1);
        tracker.confirmed();
        assertThat(reported).hasSize(2);
        assertThat(reported.getLast().lastConfirmed()).isEqualTo(clock.now);
    }

    @Test
    void reconnectingKeepsTheLastConfirmationAndSaysWhenItStarted() {
        tracker.confirmed();
        Instant confirmedAt = clock.now;
        clock.now = clock.now.plusSeconds(5);
        Instant next = clock.now.plusSeconds(2);
        tracker.reconnecting("h:9003 unreachable", next);
        SourceStatus s = tracker.current();
        assertThat(s.state()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(s.since()).isEqualTo(clock.now);
        assertThat(s.nextRetry()).isEqualTo(next);
        assertThat(s.lastConfirmed()).isEqualTo(confirmedAt);
    }

    @Test
    void aRefusalStaysDownThroughTransportChangesUntilACallSucceeds() {
        tracker.refused("coordinator h:9003 refused List (UNAUTHENTICATED)");
        tracker.connected();
        tracker.reconnecting("lost", null);
        assertThat(tracker.current().state()).isEqualTo(ConnectionState.DOWN);
        assertThat(tracker.current().message()).contains("UNAUTHENTICATED");
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        tracker.confirmed();
        assertThat(tracker.current().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(tracker.current().message()).isNull();
    }
}
