package dev.watchkeeper.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleStateTest {

    @ParameterizedTest
    @CsvSource({
        "Initializing, INITIALIZING", "Running, RUNNING", "Suspending, SUSPENDING", "Suspended, SUSPENDED",
        "Repairing, REPAIRING", "Deleting, DELETING", "Deleted, DELETED",
        "Stopping, SUSPENDING", "Stopped, SUSPENDED",
        "running, UNKNOWN", "Paused, UNKNOWN", "'', UNKNOWN"
    })
    void mapsUpstreamAndLegacyStrings(String wire, LifecycleState expected) {
        assertThat(LifecycleState.fromWire(wire)).isEqualTo(expected);
    }

    @Test
    void nullIsUnknown() {
        assertThat(LifecycleState.fromWire(null)).isEqualTo(LifecycleState.UNKNOWN);
    }

    @Test
    void operatorSeesLegacyAndUnknownStringsAsWritten() {
        IndexerId id = new IndexerId("a.near", "f");
        assertThat(new IndexerState(id, LifecycleState.SUSPENDED, "Stopped", false, null, null, null).lifecycleText())
                .isEqualTo("Suspended (Stopped)");
        assertThat(new IndexerState(id, LifecycleState.UNKNOWN, "Hibernating", true, null, null, "unknown").lifecycleText())
                .isEqualTo("Unknown (Hibernating)");
    }
}
