package dev.watchkeeper.model.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the log in the writing process (the Audit view, "Verify chain") must not drop the
 * process's lock while another process appends: the chain would fork.
 */
class AuditLockTest {

    @TempDir
    Path dir;

    @Test
    void aReaderInTheWritingProcessDoesNotLetAnotherProcessForkTheChain() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AuditAppendMain.class.getName(), file.toString(), "300", "other")
                .redirectErrorStream(true).redirectOutput(dir.resolve("other.out").toFile()).start();
        AuditLog log = new AuditLog(file);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                log.read(null);
                log.verify();
            }
        });
        try {
            for (int i = 0; i < 300; i++) {
                log.append(AuditEntry.draft(Instant.now(), "here", "here", "Suspend", List.of("b.near/f" + i),
                        "padding ".repeat(40), AuditOutcome.CONFIRMED, "here " + i));
            }
        } finally {
            assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
            writing.set(false);
            reader.join();
        }
        assertThat(other.exitValue()).as(Files.readString(dir.resolve("other.out"), StandardCharsets.UTF_8)).isZero();
        assertThat(log.read(null)).hasSize(600);
        assertThat(log.verify().summary()).isEqualTo("Audit chain intact: 600 entries verified");
    }
}
