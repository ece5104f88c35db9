package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Copies the simulated runner's log lines and status into PostgreSQL, as near/queryapi's runner
 * writes them ({@link SysLogsDatabase}): once a second, for the first {@code maxIndexers} running
 * indexers, one INSERT of the lines since the last copy. Only INFO and above are written: the
 * runner builds every executor's config with {@code LogLevel.INFO} (runner/src/indexer-config/
 * indexer-config.ts fromStartRequest) and {@code IndexerMeta.writeLogs} drops lower levels.
 * STATUS follows runner/src/indexer/indexer.ts (RUNNING on a run, FAILING on an error) and
 * stream-handler.ts (STOPPED when the worker thread dies).
 */
public final class SysLogsPump implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SysLogsPump.class);

    private final Simulation simulation;
    private final SysLogsDatabase db;
    private final int maxIndexers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sys-logs-pump");
        t.setDaemon(true);
        return t;
    });
    private final Map<IndexerId, Long> nextLine = new HashMap<>();
    private final Map<IndexerId, String> status = new HashMap<>();
    private final Map<IndexerId, Long> height = new HashMap<>();
    private LocalDate rotatedOn;

    SysLogsPump(Simulation simulation, SysLogsDatabase db, int maxIndexers) {
        this.simulation = simulation;
        this.db = db;
        this.maxIndexers = maxIndexers;
    }

    SysLogsPump start() {
        timer.scheduleWithFixedDelay(this::copySafely, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    private void copySafely() {
        try {
            copy();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("writing logs to PostgreSQL failed: {}", e.getMessage());
        }
    }

    /** One pass: provision new indexers, write their new lines and status. */
    void copy() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        boolean rotate = !today.equals(rotatedOn);
        List<IndexerId> ids = simulation.inState(LifecycleState.RUNNING);
        for (IndexerId id : ids.subList(0, Math.min(maxIndexers, ids.size()))) {
            if (!nextLine.containsKey(id)) {
                db.provision(id);
                nextLine.put(id, 0L);
            } else if (rotate) {
                db.rotatePartitions(id, today);
            }
            LogRing ring = simulation.logs(id);
            if (ring == null) {
                continue;
            }
            LogRing.Batch batch = ring.read(nextLine.get(id), dev.watchkeeper.connectors.proto.indexer.LogLevel.INFO);
            nextLine.put(id, batch.next());
            List<SysLogsDatabase.Line> lines = new ArrayList<>(batch.lines().size());
            for (LogLine l : batch.lines()) {
                lines.add(new SysLogsDatabase.Line(l.getBlockHeight() > 0 ? l.getBlockHeight() : null, l.getTimestampUnixMs(),
                        "system", l.getLevel().name(), l.getMessage()));
            }
            db.writeLogs(id, lines);
            writeStatus(id);
        }
        rotatedOn = today;
    }

    private void writeStatus(IndexerId id) throws SQLException {
        ExecutionState e = simulation.executorState(id);
        String next = e == null ? null : switch (e) {
            case RUNNING, WAITING, IDLE -> "RUNNING";
            case FAILING -> "FAILING";
            case STALLED -> "STOPPED";
            default -> null;
        };
        if (next != null && !next.equals(status.get(id))) {
            db.setMetadata(id, "STATUS", next);
            status.put(id, next);
        }
        Long processed = simulation.read(id, ix -> ix.processed);
        if (processed != null && processed > 0 && !processed.equals(height.get(id))) {
            db.setMetadata(id, "LAST_PROCESSED_BLOCK_HEIGHT", Long.toString(processed));
            height.put(id, processed);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
