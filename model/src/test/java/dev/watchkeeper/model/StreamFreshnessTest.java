package dev.watchkeeper.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StreamFreshnessTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void aReportIsStaleOnlyAfterTheUpstreamLimit() {
        long limit = StreamHealth.STALE_AFTER_SECONDS;
        StreamFreshness atLimit = StreamFreshness.of(StreamHealth.RUNNING, NOW.getEpochSecond() - limit, NOW);
        assertThat(atLimit.state()).isEqualTo(StreamFreshness.State.FRESH);
        assertThat(atLimit.age()).isEqualTo(Duration.ofSeconds(limit));
        StreamFreshness past = StreamFreshness.of(StreamHealth.IDLE, NOW.getEpochSecond() - limit - 1, NOW);
        assertThat(past.state()).isEqualTo(StreamFreshness.State.STALE);
        assertThat(past.doubtful()).isTrue();
    }

    @Test
    void noTimestampIsNoReportAndNoStreamIsUnknown() {
        assertThat(StreamFreshness.of(StreamHealth.RUNNING, 0, NOW).state()).isEqualTo(StreamFreshness.State.NO_REPORT);
        assertThat(StreamFreshness.of(StreamHealth.RUNNING, 0, NOW).doubtful()).isTrue();
        assertThat(StreamFreshness.of(StreamHealth.UNKNOWN, NOW.getEpochSecond(), NOW).state()).isEqualTo(StreamFreshness.State.UNKNOWN);
        assertThat(StreamFreshness.of(null, 0, NOW).doubtful()).isFalse();
    }

    @Test
    void aClockBehindTheReportCountsAsJustReported() {
        StreamFreshness f = StreamFreshness.of(StreamHealth.RUNNING, NOW.getEpochSecond() + 30, NOW);
        assertThat(f.state()).isEqualTo(StreamFreshness.State.FRESH);
        assertThat(f.age()).isZero();
    }
}
