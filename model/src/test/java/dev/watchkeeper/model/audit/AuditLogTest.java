package dev.watchkeeper.model.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    @TempDir
    Path dir;

    private static AuditEntry entry(Instant t, String command, String reason, AuditOutcome outcome) {
        return AuditEntry.draft(t, "alice", "prod", command, List.of("morgs.near/feed v2/x", "b.near/f"), reason, outcome, "state is Suspended");
    }

    @Test
    void appendsOneLinePerEntryAndReadsThemBack() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("sub/audit.jsonl"));
        Instant t = Instant.parse("2026-11-23T10:15:30.123Z");
        log.append(entry(t, "Delete", "line one\nline two \"quoted\" ünïcode", AuditOutcome.CONFIRMED));
        log.append(entry(t.plusSeconds(5), "Suspend", "", AuditOutcome.FAILED));

        assertThat(Files.readAllLines(log.file())).hasSize(2);
        List<AuditEntry> read = log.read(null);
        assertThat(read).hasSize(2);
        AuditEntry first = read.getFirst();
        assertThat(first.time()).isEqualTo(t);
        assertThat(first.user()).isEqualTo("alice");
        assertThat(first.profile()).isEqualTo("prod");
        assertThat(first.command()).isEqualTo("Delete");
        assertThat(first.targets()).containsExactly("morgs.near/feed v2/x", "b.near/f");
        assertThat(first.reason()).isEqualTo("line one\nline two \"quoted\" ünïcode");
        assertThat(first.outcome()).isEqualTo("CONFIRMED");
        assertThat(first.previousHash()).isEqualTo(AuditLog.GENESIS);
        // the link is keyed: not the plain hash of the line before, which anyone could recompute
        assertThat(read.get(1).previousHash()).startsWith(AuditLog.HMAC_PREFIX)
                .doesNotContain(AuditLog.sha256(Files.readAllLines(log.file()).getFirst()));
        assertThat(log.read(t.plusSeconds(1))).extracting(AuditEntry::command).containsExactly("Suspend");
        assertThat(log.verify().intact()).isTrue();
        assertThat(log.verify().summary()).isEqualTo("Audit chain intact: 2 entries verified");
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        log.append(entry(Instant.now(), "Suspend", "", AuditOutcome.CONFIRMED));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file()))).isEqualTo("rw-------");
    }

    @Test
    void anEditedLineBreaksTheChainAtTheLineAfterIt() throws IOException {
        AuditLog log = threeEntries();
        List<String> lines = Files.readAllLines(log.file());
        lines.set(1, lines.get(1).replace("FAILED", "CONFIRMED"));
        Files.write(log.file(), lines);

        AuditLog.Verification v = log.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenLine()).isEqualTo(3);
        assertThat(v.summary()).contains("line 3 does not follow line 2", "line 2 was changed");
    }

    @Test
    void aRemovedOrInsertedLineIsDetected() throws IOException {
        AuditLog log = threeEntries();
        List<String> lines = new ArrayList<>(Files.readAllLines(log.file()));
        lines.remove(1);
        Files.write(log.file(), lines);
        assertThat(log.verify().brokenLine()).isEqualTo(2);

        AuditLog other = threeEntries();
        List<String> more = new ArrayList<>(Files.readAllLines(other.file()));
        more.add(1, more.get(0));
        Files.write(other.file(), more);
        assertThat(other.verify().brokenLine()).isEqualTo(2);

        AuditLog first = threeEntries();
        List<String> cut = new ArrayList<>(Files.readAllLines(first.file()));
        cut.removeFirst();
        Files.write(first.file(), cut);
        assertThat(first.verify().summary()).contains("line 1 does not start the chain");
    }

    @Test
    void garbageIsReportedAndSkippedWhenReading() throws IOException {
        AuditLog log = threeEntries();
        Files.writeString(log.file(), "{not json\n", StandardOpenOption.APPEND);
        log.append(entry(Instant.now(), "Restart", "", AuditOutcome.CONFIRMED));

        assertThat(log.verify().brokenLine()).isEqualTo(4);
        assertThat(log.verify().problem()).contains("not a readable audit entry");
        assertThat(log.read(null)).extracting(AuditEntry::command).containsExactly("Suspend", "Suspend", "Suspend", "Restart");
    }

    @Test
    void aLineLeftUnterminatedByACrashIsNotGluedToTheNextEntry() throws IOException {
        AuditLog log = threeEntries();
        Files.writeString(log.file(), "{\"time\":\"2026-", StandardOpenOption.APPEND);
        log.append(entry(Instant.now(), "Repair", "", AuditOutcome.CONFIRMED));

        List<String> lines = Files.readAllLines(log.file());
        assertThat(lines).hasSize(5);
        assertThat(lines.get(3)).isEqualTo("{\"time\":\"2026-");
        assertThat(log.read(null)).extracting(AuditEntry::command).endsWith("Repair");
        assertThat(log.verify().brokenLine()).isEqualTo(4);
    }

    @Test
    void secretsNeverReachTheFile() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        log.append(AuditEntry.draft(Instant.now(), "alice", "prod", "Suspend", List.of("a.near/f"),
                "token=abc123 and Authorization: Bearer eyJhbGciOi.xyz",
                AuditOutcome.FAILED, "redis://default:hunter2@10.0.0.5:6379 unreachable; password: s3cret"));
        String text = Files.readString(log.file());
        assertThat(text).doesNotContain("abc123", "eyJhbGciOi", "hunter2", "s3cret");
        assertThat(text).contains("redis://default:***@10.0.0.5:6379", "Bearer ***");
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void defaultLocationFollowsXdgDataHome() {
        assertThat(AuditLog.defaultFile(null, Map.of("XDG_DATA_HOME", "/data/x"), "/home/u"))
                .isEqualTo(Path.of("/data/x/watchkeeper/audit.jsonl"));
        assertThat(AuditLog.defaultFile(null, Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/watchkeeper/audit.jsonl"));
        assertThat(AuditLog.defaultFile(null, Map.of("XDG_DATA_HOME", "relative/dir"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/watchkeeper/audit.jsonl"));
        assertThat(AuditLog.defaultFile("/tmp/wk", Map.of("XDG_DATA_HOME", "/data/x"), "/home/u"))
                .isEqualTo(Path.of("/tmp/wk/audit.jsonl"));
    }

    @Test
    void concurrentAppendsFromThreadsKeepOneLinearChain() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                AuditLog own = new AuditLog(file);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        own.append(entry(Instant.now(), "Suspend", "r", AuditOutcome.CONFIRMED));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        AuditLog log = new AuditLog(file);
        assertThat(log.read(null)).hasSize(200);
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void appendsFromTwoProcessesNeverInterleave() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (String tag : List.of("one", "two")) {
            procs.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AuditAppendMain.class.getName(), file.toString(), "150", tag)
                    .redirectErrorStream(true).redirectOutput(dir.resolve(tag + ".out").toFile()).start());
        }
        for (Process p : procs) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("one.out"), StandardCharsets.UTF_8)).isZero();
        }
        AuditLog log = new AuditLog(file);
        List<AuditEntry> entries = log.read(null);
        assertThat(entries).hasSize(300);
        assertThat(entries).filteredOn(e -> e.profile().equals("one")).hasSize(150);
        assertThat(log.verify().summary()).isEqualTo("Audit chain intact: 300 entries verified");
    }

    private AuditLog threeEntries() {
        AuditLog log = new AuditLog(dir.resolve("audit-" + System.nanoTime() + ".jsonl"));
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        log.append(entry(t, "Suspend", "", AuditOutcome.CONFIRMED));
        log.append(entry(t.plusSeconds(1), "Suspend", "", AuditOutcome.FAILED));
        log.append(entry(t.plusSeconds(2), "Suspend", "", AuditOutcome.CONFIRMED));
        return log;
    }
}
