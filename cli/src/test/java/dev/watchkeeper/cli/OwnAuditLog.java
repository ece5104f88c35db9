package dev.watchkeeper.cli;

import dev.watchkeeper.model.audit.AuditLog;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs the CLI with the audit log in a test's own data directory (the CLI has no option to put it elsewhere). */
final class OwnAuditLog {

    private OwnAuditLog() {
    }

    static int execute(Path dataDir, String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty(AuditLog.DATA_DIR_PROPERTY, dataDir.toString());
        try {
            return WatchkeeperCli.execute(args, out, err);
        } finally {
            System.clearProperty(AuditLog.DATA_DIR_PROPERTY);
        }
    }
}
