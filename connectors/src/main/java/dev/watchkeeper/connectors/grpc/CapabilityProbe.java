package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;

import dev.watchkeeper.connectors.Backoff;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds out whether the coordinator implements Watchkeeper's operator extension by asking for one
 * list page (page_size=1): an answer (or NOT_FOUND) means it does; UNIMPLEMENTED means an upstream
 * coordinator, and Repair, Restart and Delete are turned off with the reason. Any other failure
 * keeps the commands in "checking" and the probe runs again after a backoff (and after the next reconnect).
 */
public final class CapabilityProbe implements AutoCloseable {

    private static final CommandKind[] EXTENSION = {CommandKind.REPAIR, CommandKind.RESTART, CommandKind.DELETE};

    private final OperationsClient operations;
    private final String endpoint;
    private final boolean readOnly;
    private final Consumer<Capabilities> out;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
    private volatile Capabilities current;
    private volatile boolean closed;

    /**
     * @param endpoint the coordinator's target as the operator knows it (for the reason text)
     * @param readOnly the profile forbids all commands
     */
    public CapabilityProbe(OperationsClient operations, String endpoint, boolean readOnly, Consumer<Capabilities> out) {
        this.operations = operations;
        this.endpoint = endpoint;
        this.readOnly = readOnly;
        this.out = out;
        this.current = Capabilities.detecting().withReadOnly(readOnly);
    }

    public Capabilities current() {
        return current;
    }

    /** Probes now; completes with (and reports) the result. Never fails. */
    public CompletableFuture<Capabilities> probe() {
        return operations.listPage(1, null).handle((page, error) -> {
            Capabilities c;
            if (error == null) {
                backoff.reset();
                c = Capabilities.all().withReadOnly(readOnly);
            } else {
                CallFailure f = error instanceof CallFailure cf ? cf : error.getCause() instanceof CallFailure cf2 ? cf2 : null;
                if (f != null && f.code() == io.grpc.Status.Code.NOT_FOUND) {
                    c = Capabilities.all().withReadOnly(readOnly);
                } else if (f != null && f.kind() == CallFailure.Kind.UNIMPLEMENTED) {
                    c = Capabilities.upstream("the coordinator at " + endpoint + " does not implement the operator extension"
                            + " (upstream QueryAPI): Repair/Restart/Delete unavailable").withReadOnly(readOnly);
                } else {
                    String why = f != null ? f.getMessage() : String.valueOf(error.getMessage());
                    c = without("could not check whether the coordinator at " + endpoint + " implements this (" + why
                            + "); checking again");
                    retryLater();
                }
            }
            if (closed) {
                return c;
            }
            current = c;
            out.accept(c);
            return c;
        });
    }

    private void retryLater() {
        if (!closed) {
            CompletableFuture.delayedExecutor(backoff.next().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!closed) {
                    probe();
                }
            });
        }
    }

    /** Stops probing; results still in flight are dropped. */
    @Override
    public void close() {
        closed = true;
    }

    private Capabilities without(String reason) {
        Map<CommandKind, String> m = new EnumMap<>(CommandKind.class);
        for (CommandKind k : EXTENSION) {
            m.put(k, reason);
        }
        return new Capabilities(m, readOnly);
    }
}
