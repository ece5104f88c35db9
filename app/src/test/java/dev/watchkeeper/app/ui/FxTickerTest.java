package dev.watchkeeper.app.ui;

import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The console's clock ticks on the FX thread without an animation, and stops when closed. */
class FxTickerTest {

    @BeforeAll
    static void toolkit() {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // another test in this JVM started it
        }
    }

    @Test
    void ticksOnTheFxThreadUntilClosed() {
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        FxTicker ticker = FxTicker.every(Duration.ofMillis(20), () -> onFxThread.add(Platform.isFxApplicationThread()));
        await().atMost(Duration.ofSeconds(5)).until(() -> onFxThread.size() >= 3);
        ticker.close();
        int afterClose = onFxThread.size() + 1; // a tick already handed to the FX thread may still run
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);

        assertThat(onFxThread).containsOnly(true);
        assertThat(onFxThread.size()).isLessThanOrEqualTo(afterClose);
    }
}
