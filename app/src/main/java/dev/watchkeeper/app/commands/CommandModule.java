package dev.watchkeeper.app.commands;

import dev.watchkeeper.connectors.commands.CommandRunner;
import dev.watchkeeper.connectors.commands.GrpcCommandGateway;
import dev.watchkeeper.connectors.commands.ObservedStates;
import dev.watchkeeper.model.audit.AuditLog;
import io.grpc.ManagedChannel;
import javafx.application.Platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The command side of one console session: the gRPC gateway, the runner that follows commands to
 * the observed state and audits them, and the FX-side {@link CommandService}. Feed {@link #observed()}
 * with the state reader's batches (on connector threads). Asks the coordinator which commands it
 * implements until it gets an answer. Create and close on the FX thread.
 */
public final class CommandModule implements AutoCloseable {

    public static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(60);
    private static final long PROBE_RETRY_SECONDS = 3;

    private final ObservedStates observed = new ObservedStates();
    private final GrpcCommandGateway gateway;
    private final CommandRunner runner;
    private final CommandService service;
    private final AuditLog audit;
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capability-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** @param readOnly the gateway refuses every command (the session or the profile is read-only) */
    public CommandModule(ManagedChannel coordinator, Duration deadline, AuditLog audit, String profile, boolean readOnly) {
        this.audit = audit;
        this.gateway = new GrpcCommandGateway(coordinator, deadline, readOnly);
        this.runner = new CommandRunner(gateway, observed, audit, profile, CONFIRM_TIMEOUT);
        this.service = new CommandService(runner);
        probe();
    }

    private void probe() {
        gateway.probeCapabilities().whenComplete((caps, error) -> {
            if (closed) {
                return;
            }
            if (caps != null) {
                Platform.runLater(() -> service.capabilitiesProperty().set(caps));
            } else {
                probes.schedule(this::probe, PROBE_RETRY_SECONDS, TimeUnit.SECONDS);
            }
        });
    }

    public ObservedStates observed() {
        return observed;
    }

    public CommandService service() {
        return service;
    }

    public CommandRunner runner() {
        return runner;
    }

    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        closed = true;
        probes.shutdownNow();
        runner.close();
    }
}
