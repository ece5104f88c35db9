package dev.watchkeeper.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameGapsTest {

    private static final long MS = 1_000_000;

    @Test
    void eachMissedFrameIsPutOnAPauseFirstThenOnTheCoresTakenElseOnNeither() {
        FrameGaps gaps = new FrameGaps(Probe.FRAME_NANOS);
        gaps.add(1_000 * MS, 17 * MS);  // a frame on time: hides nothing, kept out
        gaps.add(1_100 * MS, 50 * MS);  // hides 2, on the pause at 1,070-1,080
        gaps.add(1_250 * MS, 34 * MS);  // hides 1, in the busy sample 1,200-1,300
        gaps.add(1_450 * MS, 34 * MS);  // hides 1, in a quiet sample, no pause
        GcPauses gc = GcPauses.listen();
        gc.add(1_070 * MS, 1_080 * MS);
        gc.close();
        MachineCpu cpu = MachineCpu.recorded(new long[]{1_000 * MS, 1_100 * MS, 1_200 * MS, 1_300 * MS, 1_400 * MS, 1_500 * MS},
                new double[]{0, 0.95, 0.5, 0.92, 0.2, 0.6});

        assertThat(gaps.causes(gc, cpu)).isEqualTo(new FrameGaps.Causes(2, 1, 1));
        assertThat(cpu.saturatedShare()).isEqualTo(0.4);
    }

    @Test
    void theMachinesBusyShareLeavesOutIdleAndIowaitAndCountsSteal() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long[] busyAll = MachineCpu.parse("cpu  100 5 20 800 50 3 2 20 7 0");
        assertThat(busyAll).containsExactly(150, 1000);
        assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8"))
                .hasMessageContaining("not the all-cores line");
    }
}
