package dev.watchkeeper.app.epochs;

import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochSummary;
import dev.watchkeeper.model.epoch.ProjectIds;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.time.Instant;
import java.util.Map;

/** Text for the tooltip and the details panel. */
final class TimelineDetails {

    private TimelineDetails() {
    }

    static String tooltip(TimelineHit hit) {
        if (hit.summary() != null) {
            return summary(hit.summary());
        }
        StateUpdate u = hit.update();
        StringBuilder b = new StringBuilder();
        b.append(stateLabel(u.stateId())).append(" — ").append(u.status().name().toLowerCase()).append('\n');
        b.append(hit.lane().projectId()).append("\nepoch ").append(hit.epochId());
        if (u.timestamp() != null) {
            b.append(" · ").append(Instant.ofEpochSecond(u.timestamp()));
        }
        if (u.error() != null) {
            b.append("\nerror: ").append(u.error());
        }
        if (u.snapshotCid() != null) {
            b.append("\nsnapshot CID: ").append(u.snapshotCid());
        }
        if (u.problem() != null) {
            b.append("\nunreadable: ").append(u.problem());
        }
        return b.toString();
    }

    static String details(TimelineHit hit) {
        if (hit.summary() != null) {
            return summary(hit.summary());
        }
        StateUpdate u = hit.update();
        StringBuilder b = new StringBuilder();
        b.append("Project:   ").append(hit.lane().projectId()).append('\n');
        if (hit.lane().indexer() != null) {
            b.append("Indexer:   ").append(hit.lane().indexer().fullName()).append('\n');
        }
        b.append("Epoch:     ").append(hit.epochId()).append('\n');
        b.append("State:     ").append(stateLabel(u.stateId())).append('\n');
        b.append("Status:    ").append(u.status().name().toLowerCase()).append('\n');
        b.append("Error:     ").append(u.error() == null ? "none" : u.error()).append('\n');
        b.append("Timestamp: ").append(u.timestamp() == null ? "missing" : u.timestamp() + " (" + Instant.ofEpochSecond(u.timestamp()) + ")").append('\n');
        if (u.snapshotCid() != null) {
            b.append("Snapshot CID: ").append(u.snapshotCid()).append('\n');
        }
        if (u.problem() != null) {
            b.append("Unreadable: ").append(u.problem()).append('\n');
        }
        b.append("\nRaw JSON:\n").append(u.rawJson() == null ? "(none)" : u.rawJson());
        return b.toString();
    }

    static String summary(EpochSummary s) {
        StringBuilder b = new StringBuilder();
        b.append("Epoch ").append(s.epochId());
        if (s.releasedAt() != null) {
            b.append(" released ").append(Instant.ofEpochSecond(s.releasedAt()));
        } else {
            b.append(" (release time missing)");
        }
        b.append("\n").append(s.projects()).append(" projects, ").append(s.failedProjects()).append(" failed\n");
        for (Map.Entry<String, Integer> e : s.reached().entrySet()) {
            b.append(String.format("  %-34s %6d", stateLabel(e.getKey()), e.getValue()));
            int f = s.failed(e.getKey());
            if (f > 0) {
                b.append("  (").append(f).append(" failed)");
            }
            b.append('\n');
        }
        for (StateUpdate u : s.batchBuildFailures()) {
            // a bulk-mode build of a whole task type failed: its projects have no entry in this epoch
            b.append("Batch build failed: ").append(ProjectIds.typeOf(u.projectId()))
                    .append(" (none of its projects built; field ").append(u.projectId()).append(")\n");
            if (u.error() != null) {
                b.append("  error: ").append(u.error()).append('\n');
            }
        }
        if (s.slowest() != null) {
            b.append("Slowest step: ").append(s.slowest().fromState()).append(" → ").append(s.slowest().toState())
                    .append(" ").append(s.slowest().seconds()).append(" s (").append(s.slowest().projectId()).append(')');
        }
        return b.toString();
    }

    static String stateLabel(String stateId) {
        return EpochStates.isKnown(stateId) ? stateId : stateId + " (unknown state)";
    }
}
