package dev.watchkeeper.model.attention;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.LifecycleState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command will really do to one indexer, when that differs from what its name promises,
 * in words for the confirmation before sending (near/queryapi coordinator/src/lifecycle.rs).
 */
public final class CommandNotes {

    private CommandNotes() {
    }

    /** Notes for sending {@code kind} to the indexer observed as {@code o}; empty when nothing is unusual. */
    public static List<String> before(CommandKind kind, IndexerObservation o, CoordinatorKind coordinator, Instant now) {
        List<String> notes = new ArrayList<>();
        if (kind != CommandKind.SUSPEND && kind != CommandKind.UNSUSPEND) {
            return notes;
        }
        String flag = kind == CommandKind.SUSPEND ? "enabled=false" : "enabled=true";
        LifecycleState life = o.state().lifecycle();
        if (life == LifecycleState.REPAIRING) {
            // handle_repairing only checks is_deleted
            notes.add("it stays Repairing: the coordinator stores " + flag + " but ignores it in Repairing");
        } else if (life == LifecycleState.INITIALIZING && kind == CommandKind.SUSPEND) {
            // handle_initializing provisions and goes Running; handle_running then sees enabled=false
            notes.add("it is Initializing, which ignores enabled: it is suspended once provisioning ends and it reaches Running");
        }
        if (kind == CommandKind.SUSPEND && coordinator.mayBeUpstream()) {
            String why = UpstreamRestart.unhealthyBecause(o, now);
            if (why != null) {
                notes.add(why + ", so an upstream coordinator is (or will be) in its 600-s wait before restarting it:"
                        + " enabled=false is stored at once but acted on only after the wait, and the coordinator then"
                        + " writes back the state it read before the wait, which can turn enabled back to true");
            }
        }
        return notes;
    }
}
