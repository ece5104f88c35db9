package dev.watchkeeper.model.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Appends N entries to a log from a separate process, for the cross-process locking test. */
public final class AuditAppendMain {

    private AuditAppendMain() {
    }

    public static void main(String[] args) {
        AuditLog log = new AuditLog(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            log.append(AuditEntry.draft(Instant.now(), "proc", args[2], "Suspend", List.of("a.near/f" + i),
                    "padding ".repeat(40), AuditOutcome.CONFIRMED, args[2] + " " + i));
        }
    }
}
