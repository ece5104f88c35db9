package dev.watchkeeper.bench;

import dev.watchkeeper.connectors.redis.StateJsonParser;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FleetsTest {

    private static final IndexerId ID = Fleets.id(7);

    @Test
    void writtenStatesReadCleanlyOnAMachineUpForMonths() {
        long origin = Duration.ofDays(90).toNanos(); // System.nanoTime() on a machine up for 90 days
        long written = origin + Duration.ofMinutes(15).toNanos();

        IndexerState s = StateJsonParser.parse(ID, Fleets.stateJson(ID, Fleets.registryVersion(written, origin), true, "Running"));

        assertThat(s.problem()).isNull();
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.RUNNING);
        assertThat(s.blockStreamSyncedAt()).isBetween(Fleets.REGISTRY_BASE, Fleets.REGISTRY_BASE + Duration.ofHours(1).toNanos() / 1000);
        assertThat(Fleets.writtenNanos(s.blockStreamSyncedAt(), origin)).isEqualTo(written);
    }

    @Test
    void theOldMicrosecondClockIsNotAPlausibleHeightAfterTwelveDaysUp() {
        long micros = Duration.ofDays(12).toNanos() / 1000;

        IndexerState s = StateJsonParser.parse(ID, Fleets.stateJson(ID, micros, true, "Running"));

        assertThat(s.problem()).contains("not a plausible block height");
    }
}
