package dev.watchkeeper.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameGapsTest {

    private static final long MS = 1_000_000;

    @Test
    void eachMissedFrameIsPutDownToThePauseTheFxThreadTheCoresOrTheRendererInThatOrder() {
        FrameGaps gaps = new FrameGaps(Probe.FRAME_NANOS);
        // end, length, FX on a core, FX waiting for a core, renderer on a core
        gaps.add(1_000 * MS, 17 * MS, 17 * MS, 0, 0);          // a frame on time: hides nothing, kept out
        gaps.add(1_100 * MS, 50 * MS, 40 * MS, 0, 0);          // hides 2, on the pause at 1,070-1,080 whatever else
        gaps.add(1_200 * MS, 50 * MS, 25 * MS, 30 * MS, 0);    // hides 2, FX thread on a core half the gap: its own work
        gaps.add(1_300 * MS, 34 * MS, 5 * MS, 9 * MS, 30 * MS); // hides 1, FX waiting for a core 9 of the 17 ms lost
        gaps.add(1_400 * MS, 34 * MS, 5 * MS, 8 * MS, 17 * MS); // hides 1, the renderer on a core half the gap
        gaps.add(1_500 * MS, 34 * MS, 5 * MS, 8 * MS, 16 * MS); // hides 1, none of these
        GcPauses gc = GcPauses.listen();
        gc.add(1_070 * MS, 1_080 * MS);
        gc.close();

        assertThat(gaps.causes(gc)).isEqualTo(new FrameGaps.Causes(2, 2, 1, 1, 1));
    }

    @Test
    void theMachinesBusyShareLeavesOutIdleAndIowaitAndCountsSteal() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertThat(MachineCpu.parse("cpu  100 5 20 800 50 3 2 20 7 0")).containsExactly(150, 1000);
        assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8")).hasMessageContaining("not the all-cores line");
        assertThat(MachineCpu.recorded(0.95, 0.5, 0.9, 0.2).saturatedShare()).isEqualTo(0.5);
    }

    @Test
    void aThreadsSchedulerFiguresAreItsTimeOnACoreAndWaitingForOne() {
        assertThat(ThreadSched.parse("346553581 586098 29\n")).containsExactly(346_553_581L, 586_098L);
    }
}
