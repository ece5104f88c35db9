package dev.watchkeeper.app.commands;

import dev.watchkeeper.connectors.commands.CommandGateway;
import dev.watchkeeper.connectors.commands.CommandRunner;
import dev.watchkeeper.connectors.commands.ObservedStates;
import dev.watchkeeper.model.audit.AuditLog;

import java.time.Duration;

/**
 * The command side of one console session: the runner that sends commands through the
 * connection's gateway, follows them to the observed state and audits them, and the FX-side
 * {@link CommandService}. Feed {@link #observed()} with the state reader's batches (on connector
 * threads). Which commands the coordinator takes comes from the connection's one capability probe.
 */
public final class CommandModule implements AutoCloseable {

    public static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(60);

    private final ObservedStates observed = new ObservedStates();
    private final CommandRunner runner;
    private final CommandService service;

    /** @param confirmTimeout how long a command waits for the observed state to confirm it */
    public CommandModule(CommandGateway gateway, AuditLog audit, String profile, Duration confirmTimeout) {
        this.runner = new CommandRunner(gateway, observed, audit, profile, confirmTimeout);
        this.service = new CommandService(runner);
    }

    public ObservedStates observed() {
        return observed;
    }

    public CommandService service() {
        return service;
    }

    @Override
    public void close() {
        runner.close();
    }
}
