package dev.watchkeeper.model.epoch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.watchkeeper.model.epoch.EpochStates.*;
import static dev.watchkeeper.model.epoch.EpochSummaryTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** The time axis comes from the epochs shown; one absurd time must not stretch it. */
class EpochIndexAxisTest {

    private static final long T0 = 1_700_000_000L;
    private static final long PERIOD = 30;

    private static Epoch epoch(long id, Long released, long... updateTimes) {
        List<StateUpdate> build = new ArrayList<>();
        for (int i = 0; i < updateTimes.length; i++) {
            build.add(ok("pair:0x" + i + ":UNISWAPV2", SNAPSHOT_BUILD, updateTimes[i]));
        }
        return new Epoch(id, released, Map.of(SNAPSHOT_BUILD, build));
    }

    /** 28 epochs released every 30 s, each project building 5 s after the release. */
    private static List<Epoch> steady(int n) {
        List<Epoch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long released = T0 + i * PERIOD;
            out.add(epoch(19_015 + i, released, released + 5));
        }
        return out;
    }

    private static EpochIndex index(List<Epoch> epochs) {
        return EpochIndex.build(new EpochWindow("NS", epochs, true, null, Instant.EPOCH));
    }

    @Test
    void aSteadyWindowSpansItsEpochs() {
        EpochIndex idx = index(steady(28));

        assertThat(idx.minTime()).isEqualTo(T0);
        assertThat(idx.maxTime()).isEqualTo(T0 + 27 * PERIOD + 5);
        assertThat(idx.suspectEpochs()).isEmpty();
        assertThat(idx.outlierUpdates()).isZero();
    }

    @Test
    void aFutureUpdateTimestampIsLeftOffTheAxisAndCounted() {
        List<Epoch> epochs = steady(28);
        Epoch last = epochs.getLast();
        long future = T0 + 86_400 * 400;
        epochs.set(27, epoch(last.epochId(), last.releasedAt(), last.releasedAt() + 5, future));

        EpochIndex idx = index(epochs);

        assertThat(idx.maxTime()).isEqualTo(T0 + 27 * PERIOD + 5);
        assertThat(idx.outlierUpdates()).isEqualTo(1);
        assertThat(idx.offAxis(future)).isTrue();
    }

    @Test
    void aStaleReleaseFromAnEarlierRunIsReplacedByItsExpectedStart() {
        List<Epoch> epochs = steady(28);
        long stale = T0 - 3 * 86_400;
        epochs.set(0, epoch(19_015, stale, stale + 5));

        EpochIndex idx = index(epochs);

        assertThat(idx.suspectEpochs()).containsExactly(19_015L);
        assertThat(idx.epochStart().getFirst()).isEqualTo(T0);
        assertThat(idx.minTime()).isEqualTo(T0);
        assertThat(idx.outlierUpdates()).isEqualTo(1);
    }

    @Test
    void anEpochWithoutReleaseStartsAtItsEarliestPlausibleUpdate() {
        List<Epoch> epochs = steady(28);
        long t = T0 + 27 * PERIOD;
        epochs.set(27, epoch(epochs.getLast().epochId(), null, t + 2, t + 7));

        EpochIndex idx = index(epochs);

        assertThat(idx.epochStart().getLast()).isEqualTo(t + 2);
        assertThat(idx.suspectEpochs()).isEmpty();
        assertThat(idx.maxTime()).isEqualTo(t + 7);
    }

    @Test
    void anEpochWithoutReleaseAndOnlyAFarOffUpdateIsSuspect() {
        List<Epoch> epochs = steady(28);
        long far = T0 + 86_400 * 30;
        epochs.set(27, epoch(epochs.getLast().epochId(), null, far));

        EpochIndex idx = index(epochs);

        assertThat(idx.suspect(epochs.getLast().epochId())).isTrue();
        assertThat(idx.maxTime()).isLessThan(T0 + 28 * PERIOD + 5);
    }

    @Test
    void aWindowBackFilledAtOneInstantIsNotAnOutlier() {
        List<Epoch> epochs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long released = i < 27 ? T0 : T0 + (i - 26) * PERIOD;
            epochs.add(epoch(19_013 + i, released, released + 5));
        }

        EpochIndex idx = index(epochs);

        assertThat(idx.suspectEpochs()).isEmpty();
        assertThat(idx.outlierUpdates()).isZero();
        assertThat(idx.minTime()).isEqualTo(T0);
        assertThat(idx.maxTime()).isEqualTo(T0 + 3 * PERIOD + 5);
    }

    @Test
    void aSingleEpochSpansItsOwnUpdates() {
        EpochIndex idx = index(List.of(epoch(7, T0, T0 + 4, T0 + 9)));

        assertThat(idx.minTime()).isEqualTo(T0);
        assertThat(idx.maxTime()).isEqualTo(T0 + 9);
    }
}
