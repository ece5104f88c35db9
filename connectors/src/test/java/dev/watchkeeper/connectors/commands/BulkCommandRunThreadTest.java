package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk run is started and cancelled from the console's FX thread: the audit entries it writes
 * (each synced to disk) must not be written on the caller's thread.
 */
class BulkCommandRunThreadTest {

    @TempDir
    Path dir;

    @Test
    void startingAndCancellingWriteNoAuditEntryOnTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        List<Thread> sentOn = new CopyOnWriteArrayList<>();
        // the audit entry of an item is written on the thread that then calls the gateway
        CommandGateway refusing = (k, id, r) -> {
            sentOn.add(Thread.currentThread());
            return CompletableFuture.completedFuture(new SendOutcome(SendOutcome.Kind.REJECTED, "no"));
        };
        AuditLog audit = new AuditLog(dir.resolve("audit.jsonl"));
        List<IndexerId> ids = IntStream.range(0, 4).mapToObj(i -> new IndexerId("bulk.near", "f" + i)).toList();
        try (CommandRunner runner = new CommandRunner(refusing, id -> null, audit, "p", Duration.ofSeconds(1))) {
            var all = new BulkCommandRun(runner, CommandKind.SUSPEND, ids, "", 2, (id, o) -> { }).start().get(10, TimeUnit.SECONDS);
            assertThat(all).hasSize(4);
            assertThat(sentOn).hasSize(4).doesNotContain(caller);

            int writesBefore = audit.read(null).size();
            BulkCommandRun slow = new BulkCommandRun(runner, CommandKind.SUSPEND, ids, "", 1, (id, o) -> { });
            slow.cancel();
            var done = slow.start();
            // the cancelled items are audited and finished, but not here
            assertThat(done.get(10, TimeUnit.SECONDS)).hasSize(4);
            assertThat(audit.read(null)).hasSize(writesBefore + 1);
        }
    }
}
