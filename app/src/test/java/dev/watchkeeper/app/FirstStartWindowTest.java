package dev.watchkeeper.app;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirstStartWindowTest {

    @Test
    void aBigScreenGets1400x900CentredInItsWorkArea() {
        Rectangle2D r = WatchkeeperApp.firstStart(new Rectangle2D(0, 30, 1920, 1050));
        assertThat(r).isEqualTo(new Rectangle2D(260, 105, 1400, 900));
    }

    @Test
    void aSmallScreenGetsItsWholeWorkAreaNotAWindowLargerThanItself() {
        Rectangle2D r = WatchkeeperApp.firstStart(new Rectangle2D(0, 0, 1280, 760));
        assertThat(r).isEqualTo(new Rectangle2D(0, 0, 1280, 760));
    }
}
