package dev.watchkeeper.cli;

import org.junit.jupiter.api.BeforeAll;

/** {@link BothModesSuite} against an upstream-exact coordinator (simulator --upstream). */
class UpstreamModeCliTest extends BothModesSuite {

    @BeforeAll
    static void startUpstream() {
        start(true);
    }
}
