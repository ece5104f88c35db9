package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.ControlPlaneConnection;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ProfileException;
import dev.watchkeeper.history.AuditImport;
import dev.watchkeeper.history.HistoryRecorder;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.IncidentFeed;
import dev.watchkeeper.history.StoredIncidentHistory;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.history.RecorderSettings;
import dev.watchkeeper.history.RecorderStats;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.SourceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record the fleet's history without a window: every observed change, every command of this machine's audit log"
                + " and the incidents the console would group, into the profile's history store, until SIGTERM or Ctrl-C"
                + " (a systemd service: see docs/packaging.md).",
                "The console and `watchkeeper history` / `status --at` read what it wrote."})
final class RecordCommand extends CliCommand {

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (default: run until SIGTERM or Ctrl-C).")
    Duration duration;

    @Option(names = "--log-every", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
            description = "How often to log progress (default: ${DEFAULT-VALUE}).")
    Duration logEvery;

    @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30d",
            description = "Retention: remove history older than this, oldest first (default: ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "2GB",
            description = "Retention: keep the store under this size, oldest first (default: ${DEFAULT-VALUE}).")
    long maxSize;

    @Option(names = "--sample", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "Write fast-moving counters (last published block, queue depth, health timestamps) at most this often"
                    + " per indexer; state and health changes are always written at once (default: ${DEFAULT-VALUE}).")
    Duration sample;

    /** How often commands are taken from the audit log. */
    private static final Duration AUDIT_POLL = Duration.ofSeconds(5);

    @Override
    public Integer call() {
        ConnectionProfile profile = profile();
        StoreLocation location = global().historyLocation();
        HistoryStore store = HistoryStores.open(location, true);
        RecorderSettings settings = RecorderSettings.defaults().withSampleInterval(sample).withRetention(maxAge, maxSize);
        HistoryRecorder recorder = new HistoryRecorder(store, settings, Clock.systemUTC()).start();
        StoredIncidentHistory incidents = new StoredIncidentHistory(store, StoredIncidentHistory.originHere(Clock.systemUTC()), Clock.systemUTC());
        IncidentFeed incidentFeed = new IncidentFeed(new IncidentEngine(IncidentSettings.defaults(), Clock.systemUTC(), incidents), Clock.systemUTC());
        AuditImport audit = new AuditImport(global().auditLog(), global().profile, recorder);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchkeeper-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ControlPlaneConnection connection = null;
        try {
            connection = ControlPlaneConnection.open(profile, incidentFeed.alongside(recorder));
            log("recording profile '" + profile.name() + "' into " + location.display() + " (SIGTERM or Ctrl-C stops)");
            Instant end = duration == null ? null : Instant.now().plus(duration);
            Instant nextLog = Instant.now().plus(logEvery);
            while (!stop.await(AUDIT_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                importCommands(audit);
                incidentFeed.tick();
                Instant now = Instant.now();
                if (!now.isBefore(nextLog)) {
                    log(progress(recorder) + "; " + incidents(incidentFeed, incidents));
                    nextLog = now.plus(logEvery);
                }
                if (end != null && !now.isBefore(end)) {
                    break;
                }
            }
            importCommands(audit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ProfileException e) {
            throw CliFailure.usage(e.getMessage());
        } finally {
            if (connection != null) {
                connection.close();
            }
            recorder.close();
            incidents.close();
            log("stopped: " + progress(recorder) + "; " + incidents(incidentFeed, incidents));
            store.close();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM: the hook is what stopped us
            }
        }
        return recorder.stats().dropped() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void importCommands(AuditImport audit) {
        try {
            audit.importNew();
        } catch (RuntimeException e) {
            log("warning: cannot read the audit log " + global().auditLog().file() + ": " + e.getMessage());
        }
    }

    /** The profile named by --profile with the global options' overrides, else the options and defaults alone. */
    private ConnectionProfile profile() {
        Endpoints ep = endpoints();
        Duration poll = ep.profile() == null ? ConnectionProfile.DEFAULT_HEALTH_POLL : Profiles.load(ep.profile()).healthPollInterval();
        try {
            return new ConnectionProfile(ep.profile() == null ? StoreLocation.DEFAULT_PROFILE : ep.profile(), ep.coordinator(),
                    ep.blockStreamer(), ep.runner(), ep.redis(), poll, true, false);
        } catch (ProfileException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private static String progress(HistoryRecorder recorder) {
        RecorderStats s = recorder.stats();
        String sources = recorder.sources().values().stream().sorted(java.util.Comparator.comparing(SourceStatus::source))
                .map(x -> x.source().label() + " " + x.state().name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
        return recorder.fleetSize() + " indexers; " + s.recorded() + " events committed, " + s.dropped() + " dropped, " + s.queued() + " queued"
                + (s.lastCommit() == null ? "" : ", last commit " + s.lastCommit())
                + (sources.isEmpty() ? "" : "; " + sources)
                + (s.lastError() == null ? "" : "; last error: " + s.lastError());
    }

    private static String incidents(IncidentFeed feed, StoredIncidentHistory stored) {
        int open = feed.openIncidents().size();
        return open + (open == 1 ? " incident open" : " incidents open") + ", " + stored.written() + " incident versions written"
                + (stored.lastError() == null ? "" : " (last incident write failed: " + stored.lastError() + ")");
    }

    private void log(String line) {
        out().println(Instant.now() + " " + line);
        out().flush();
    }
}
