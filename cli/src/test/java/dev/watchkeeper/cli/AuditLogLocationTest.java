package dev.watchkeeper.cli;

import dev.watchkeeper.model.audit.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI writes the audit log the console writes: no option sends its entries somewhere else. */
class AuditLogLocationTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(AuditLog.DATA_DIR_PROPERTY);
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        return WatchkeeperCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void thereIsNoOptionToWriteTheAuditLogElsewhere() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "audit", "--audit-log", dir.resolve("elsewhere.jsonl").toString());
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--audit-log");
    }

    @Test
    void theAuditCommandReadsTheSharedLog() {
        System.setProperty(AuditLog.DATA_DIR_PROPERTY, dir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "audit")).isZero();
        assertThat(out.toString()).contains(dir.resolve(AuditLog.FILE_NAME).toString());
    }
}
