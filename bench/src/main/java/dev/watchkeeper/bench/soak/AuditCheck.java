package dev.watchkeeper.bench.soak;

import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.audit.AuditOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command the scripted operator ran has exactly one audit outcome (and at most one
 * "sending" entry) per target, no entry belongs to a command that was not run, and the hash
 * chain verifies. Commands are told apart by their reason, which the operator makes unique.
 */
final class AuditCheck {

    /** One bulk command: its unique reason, its label and the targets it was sent to. */
    record Command(String reason, String label, List<String> targets) {
    }

    static final int MAX_LISTED = 20;

    private AuditCheck() {
    }

    /** Problems found, empty when every command is audited exactly once and the chain is intact. */
    static List<String> check(List<Command> commands, List<AuditEntry> entries, AuditLog.Verification verification) {
        Map<String, Integer> outcomes = new HashMap<>();
        Map<String, Integer> sending = new HashMap<>();
        Map<String, Command> byReason = new HashMap<>();
        commands.forEach(c -> byReason.put(c.reason(), c));
        List<String> problems = new ArrayList<>();
        for (AuditEntry e : entries) {
            Command c = byReason.get(e.reason());
            if (c == null) {
                add(problems, "an audit entry for a command that was not run: " + e.command() + " " + e.targets() + " (" + e.reason() + ")");
                continue;
            }
            for (String target : e.targets()) {
                if (!c.targets().contains(target) || !c.label().equals(e.command())) {
                    add(problems, "an audit entry of " + c.reason() + " names " + e.command() + " on " + target + ", which it was not");
                }
                Map<String, Integer> counts = AuditOutcome.SENDING.name().equals(e.outcome()) ? sending : outcomes;
                counts.merge(c.reason() + "\u0000" + target, 1, Integer::sum);
            }
        }
        for (Command c : commands) {
            for (String target : c.targets()) {
                String key = c.reason() + "\u0000" + target;
                int n = outcomes.getOrDefault(key, 0);
                if (n != 1) {
                    add(problems, c.reason() + " (" + c.label() + " " + target + ") has " + n + " audit outcomes, not 1");
                }
                if (sending.getOrDefault(key, 0) > 1) {
                    add(problems, c.reason() + " (" + c.label() + " " + target + ") was recorded as sent " + sending.get(key) + " times");
                }
            }
        }
        if (!verification.intact()) {
            add(problems, "the audit chain does not verify: " + verification.summary());
        }
        return problems;
    }

    private static void add(List<String> problems, String p) {
        if (problems.size() < MAX_LISTED) {
            problems.add(p);
        } else if (problems.size() == MAX_LISTED) {
            problems.add("… and more");
        }
    }
}
