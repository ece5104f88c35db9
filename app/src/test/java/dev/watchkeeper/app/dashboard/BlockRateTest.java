package dev.watchkeeper.app.dashboard;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

class BlockRateTest {

    @Test
    void burstyReadingsGiveASteadyRateNotASawTooth() {
        // 100 blocks/s across the fleet, read every 2 s (one progress poll), sampled every second
        Deque<long[]> readings = new ArrayDeque<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (long t = 0; t <= 60_000; t += 1000) {
            long count = (t / 2000) * 200;
            if (readings.isEmpty() || readings.getLast()[1] != count) {
                readings.addLast(new long[]{t, count});
            }
            while (readings.size() > 2 && readings.getFirst()[0] < t - 30_000) {
                readings.removeFirst();
            }
            Double r = BlockRate.perSecond(readings, t, 30_000);
            if (t >= 30_000 && r != null) {
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
        }
        assertThat(min).isGreaterThan(99);
        assertThat(max).isLessThan(101);
    }

    @Test
    void nothingMovingLatelyIsNotAnOldRate() {
        Deque<long[]> readings = new ArrayDeque<>();
        readings.add(new long[]{0, 0});
        assertThat(BlockRate.perSecond(readings, 1000, 30_000)).as("one reading is no rate").isNull();
        readings.add(new long[]{2000, 200});
        assertThat(BlockRate.perSecond(readings, 3000, 30_000)).isEqualTo(100.0);
        assertThat(BlockRate.perSecond(readings, 40_000, 30_000)).as("last change 38 s ago").isNull();
    }
}
