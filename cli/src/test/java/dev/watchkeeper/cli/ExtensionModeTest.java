package dev.watchkeeper.cli;

import org.junit.jupiter.api.BeforeAll;

/** {@link BothModesSuite} against the coordinator with Watchkeeper's operator extension. */
class ExtensionModeTest extends BothModesSuite {

    @BeforeAll
    static void startExtension() {
        start(false);
    }
}
