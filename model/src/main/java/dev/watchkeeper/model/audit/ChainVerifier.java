package dev.watchkeeper.model.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the log line by line and lists every break: after a broken line it goes on checking the
 * next line's link against the broken line as written (appends chain to whatever the last line
 * was), so one crash-cut line does not hide the state of everything after it.
 */
final class ChainVerifier {

    private final List<String> lines;
    private final AuditKey key;
    private final Path keyFile;
    private final AuditHead head;
    private final String headProblem;
    private final Path headFile;
    private final List<AuditLog.Break> breaks = new ArrayList<>();

    ChainVerifier(List<String> lines, AuditKey key, Path keyFile, AuditHead head, String headProblem, Path headFile) {
        this.lines = lines;
        this.key = key;
        this.keyFile = keyFile;
        this.head = head;
        this.headProblem = headProblem;
        this.headFile = headFile;
    }

    AuditLog.Verification verify() {
        boolean keyed = false;
        boolean keyReported = false;
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            AuditEntry e = AuditJson.read(lines.get(i));
            if (e == null) {
                add(n, AuditLog.BreakKind.TRUNCATED_LINE, "line " + n + " is not a readable audit entry (cut short by a crash, or not written by Watchkeeper)");
                continue;
            }
            String prev = e.previousHash();
            boolean linkKeyed = prev.startsWith(AuditLog.HMAC_PREFIX);
            if (linkKeyed && key == null) {
                if (!keyReported) {
                    add(n, AuditLog.BreakKind.MISSING_ANCHOR, "the key " + keyFile + " is missing: keyed links from line " + n + " on cannot be checked");
                    keyReported = true;
                }
                keyed = true;
                continue;
            }
            String expected = i == 0 ? AuditLog.GENESIS : linkKeyed ? key.link(lines.get(i - 1)) : AuditLog.sha256(lines.get(i - 1));
            if (!linkKeyed && keyed) {
                add(n, AuditLog.BreakKind.EDITED_ENTRY, "line " + n + " has an unkeyed link after keyed ones (re-chained by someone without the key)");
            } else if (!expected.equals(prev)) {
                add(n, AuditLog.BreakKind.EDITED_ENTRY, i == 0
                        ? "line 1 does not start the chain (lines were removed or changed at the start)"
                        : "line " + n + " does not follow line " + i + " (line " + i + " was changed, or a line was inserted or removed there)");
            }
            keyed |= linkKeyed;
        }
        checkHead(keyed);
        breaks.sort(java.util.Comparator.comparingInt(AuditLog.Break::line));
        return new AuditLog.Verification(lines.size(), breaks);
    }

    /** The head says how many lines there were and links to the last: a cut tail or an edited last line shows here. */
    private void checkHead(boolean keyed) {
        if (headProblem != null) {
            add(lines.size(), AuditLog.BreakKind.MISSING_ANCHOR, headProblem + ": entries cut off the end cannot be ruled out");
            return;
        }
        if (head == null) {
            if (keyed) {
                add(lines.size(), AuditLog.BreakKind.MISSING_ANCHOR, "the head " + headFile + " is missing: entries cut off the end cannot be ruled out");
            }
            // a log written before the chain was keyed has no head: its tail was never anchored
            return;
        }
        if (lines.size() < head.entries()) {
            long missing = head.entries() - lines.size();
            add(lines.size() + 1, AuditLog.BreakKind.MISSING_TAIL, "the head records " + head.entries() + " lines but the log has "
                    + lines.size() + ": " + missing + (missing == 1 ? " entry was" : " entries were") + " cut off the end");
            return;
        }
        if (key == null || head.entries() == 0) {
            return;
        }
        int n = (int) head.entries();
        if (!key.link(lines.get(n - 1)).equals(head.last())) {
            add(n, AuditLog.BreakKind.EDITED_ENTRY, "line " + n + " is the last entry the head records, and it was changed since");
        }
    }

    private void add(int line, AuditLog.BreakKind kind, String problem) {
        breaks.add(new AuditLog.Break(line, kind, problem));
    }
}
