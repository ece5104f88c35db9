package dev.watchkeeper.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandKindTest {

    private static final IndexerId ID = new IndexerId("a.near", "f");

    private static IndexerState state(LifecycleState s, boolean enabled) {
        return IndexerState.of(ID, s, enabled);
    }

    @Test
    void suspendOnlyWhatIsNotSuspended() {
        assertThat(CommandKind.SUSPEND.unavailableReason(state(LifecycleState.RUNNING, true))).isNull();
        assertThat(CommandKind.SUSPEND.unavailableReason(state(LifecycleState.SUSPENDED, false))).contains("already suspended");
        assertThat(CommandKind.UNSUSPEND.unavailableReason(state(LifecycleState.RUNNING, true))).contains("not suspended");
        assertThat(CommandKind.UNSUSPEND.unavailableReason(state(LifecycleState.SUSPENDED, false))).isNull();
    }

    @Test
    void repairOnlyRepairingAndRestartOnlyRunning() {
        assertThat(CommandKind.REPAIR.unavailableReason(state(LifecycleState.REPAIRING, true))).isNull();
        assertThat(CommandKind.REPAIR.unavailableReason(state(LifecycleState.RUNNING, true))).contains("Repairing");
        assertThat(CommandKind.RESTART.unavailableReason(state(LifecycleState.RUNNING, true))).isNull();
        assertThat(CommandKind.RESTART.unavailableReason(state(LifecycleState.SUSPENDED, false))).contains("Running");
    }

    @Test
    void nothingRunsOnAnIndexerBeingDeleted() {
        for (CommandKind k : CommandKind.values()) {
            assertThat(k.unavailableReason(state(LifecycleState.DELETING, false))).isEqualTo("indexer is being deleted");
        }
    }

    @Test
    void suspendIsConfirmedBySuspendedOnly() {
        assertThat(CommandKind.SUSPEND.confirmingStates()).containsExactly(LifecycleState.SUSPENDED);
        assertThat(CommandKind.DELETE.destructive()).isTrue();
        assertThat(CommandKind.SUSPEND.destructive()).isFalse();
    }
}
