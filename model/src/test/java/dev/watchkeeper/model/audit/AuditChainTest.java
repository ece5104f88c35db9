package dev.watchkeeper.model.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The anchored chain: a keyed link per line, the head recorded beside the log, every break listed. */
class AuditChainTest {

    @TempDir
    Path dir;

    private AuditLog entries(int n) {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        for (int i = 0; i < n; i++) {
            log.append(AuditEntry.draft(t.plusSeconds(i), "alice", "prod", "Suspend", List.of("a.near/f" + i), "",
                    i % 2 == 0 ? AuditOutcome.CONFIRMED : AuditOutcome.FAILED, "entry " + i));
        }
        return log;
    }

    @Test
    void rewritingAndReChainingWithoutTheKeyIsDetected() throws IOException {
        AuditLog log = entries(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(log.file()));
        // an editor who can write the file but not read the key: change line 2, then recompute every later link
        lines.set(1, lines.get(1).replace("FAILED", "CONFIRMED"));
        for (int i = 1; i < lines.size(); i++) {
            String prev = lines.get(i - 1);
            lines.set(i, lines.get(i).replaceFirst("\"prev\":\"[^\"]*\"", "\"prev\":\"" + sha256(prev) + "\""));
        }
        Files.write(log.file(), lines);

        AuditLog.Verification v = log.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.breaks()).extracting(AuditLog.Break::kind).contains(AuditLog.BreakKind.EDITED_ENTRY);
    }

    @Test
    void aCutTailIsDetectedThroughTheHeadRecordedBesideTheLog() throws IOException {
        AuditLog log = entries(3);
        List<String> lines = Files.readAllLines(log.file());
        Files.write(log.file(), lines.subList(0, 2));

        AuditLog.Verification v = log.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.breaks()).extracting(AuditLog.Break::kind).containsExactly(AuditLog.BreakKind.MISSING_TAIL);
        assertThat(v.summary()).contains("missing tail");
    }

    @Test
    void verificationContinuesPastABreakAndListsEveryBreakWithItsKind() throws IOException {
        AuditLog log = entries(3);
        // a writer that crashed mid-line, then two more entries, then someone edits entry 2
        Files.writeString(log.file(), "{\"time\":\"2026-", StandardOpenOption.APPEND);
        log.append(AuditEntry.draft(Instant.now(), "alice", "prod", "Repair", List.of("a.near/x"), "", AuditOutcome.CONFIRMED, ""));
        log.append(AuditEntry.draft(Instant.now(), "alice", "prod", "Restart", List.of("a.near/x"), "", AuditOutcome.CONFIRMED, ""));
        List<String> lines = new ArrayList<>(Files.readAllLines(log.file()));
        lines.set(1, lines.get(1).replace("entry 1", "entry one"));
        Files.write(log.file(), lines);

        AuditLog.Verification v = log.verify();
        assertThat(v.breaks()).extracting(AuditLog.Break::line, AuditLog.Break::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, AuditLog.BreakKind.EDITED_ENTRY),
                org.assertj.core.groups.Tuple.tuple(4, AuditLog.BreakKind.TRUNCATED_LINE));
        assertThat(v.entries()).isEqualTo(6);
        assertThat(v.summary()).contains("2 breaks", "line 3", "line 4");
    }

    @Test
    void theKeyIsKeptOutsideTheLogReadableByItsOwnerOnly() throws IOException {
        AuditLog log = entries(1);
        Path key = log.keyFile();
        assertThat(key).isNotEqualTo(log.file()).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(log.file())).doesNotContain(Files.readString(key).strip());
        assertThat(log.headFile()).exists();
    }

    @Test
    void aLogWrittenBeforeAnchoringStillVerifiesAndNewEntriesContinueIt() throws IOException {
        // two lines in the old format: prev is the plain SHA-256 of the line before
        String first = "{\"time\":\"2026-11-01T10:00:00Z\",\"user\":\"a\",\"profile\":\"p\",\"command\":\"Suspend\",\"targets\":[\"a.near/f\"],"
                + "\"reason\":\"\",\"outcome\":\"CONFIRMED\",\"detail\":\"\",\"prev\":\"" + AuditLog.GENESIS + "\"}";
        String second = first.replace("10:00:00Z", "10:00:01Z").replace(AuditLog.GENESIS, sha256(first));
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, first + "\n" + second + "\n");
        AuditLog log = new AuditLog(file);
        assertThat(log.verify().intact()).isTrue();

        log.append(AuditEntry.draft(Instant.now(), "a", "p", "Repair", List.of("a.near/f"), "", AuditOutcome.CONFIRMED, ""));
        AuditLog.Verification v = log.verify();
        assertThat(v.summary()).isEqualTo("Audit chain intact: 3 entries verified");
        assertThat(log.read(null).getLast().previousHash()).startsWith(AuditLog.HMAC_PREFIX);
    }

    @Test
    void aNewAuditDirectoryAndTheNewLogAreMadeDurable() {
        List<String> synced = new ArrayList<>();
        Path sub = dir.resolve("new/watchkeeper");
        AuditLog log = new AuditLog(sub.resolve("audit.jsonl"), synced::add);
        log.append(AuditEntry.draft(Instant.now(), "a", "p", "Repair", List.of("a.near/f"), "", AuditOutcome.CONFIRMED, ""));
        // the directory entries that name the new directory and the new file reach the disk
        assertThat(synced).contains(dir.resolve("new").toString(), sub.toString());
    }

    private static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
