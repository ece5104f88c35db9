package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.CoordinatorKind;
import io.grpc.ManagedChannel;
import io.grpc.Status;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The console's one answer to "which commands does this coordinator take?", found by asking for
 * one page of the operator extension's List (page_size=1). The rule ({@link #classify}):
 * <ul>
 *   <li>an answer, or any refusal of the request itself (NOT_FOUND, INTERNAL, ...): the extension
 *       is there ({@link CoordinatorKind#EXTENSION}), every command is available;</li>
 *   <li>UNIMPLEMENTED: an upstream coordinator without the extension ({@link CoordinatorKind#UPSTREAM});
 *       Repair, Restart and Delete are unavailable with that reason;</li>
 *   <li>UNAUTHENTICATED or PERMISSION_DENIED: the extension is there but refuses this profile's
 *       credentials; every command is unavailable with the coordinator's reason (asked again after
 *       the next reconnect, not on a timer: the same credentials would be refused again);</li>
 *   <li>anything else (unreachable, TLS trouble, no answer in time): not known yet; the extension
 *       commands stay "checking" and the probe runs again after a backoff.</li>
 * </ul>
 */
public final class CapabilityProbe implements AutoCloseable {

    private static final CommandKind[] EXTENSION = {CommandKind.REPAIR, CommandKind.RESTART, CommandKind.DELETE};

    /** What one probe found, and whether to ask again on a timer. */
    record Finding(Capabilities capabilities, boolean retry) {
    }

    private final ManagedChannel channel;
    private final UnaryCalls.Target target;
    private final String endpoint;
    private final boolean readOnly;
    private final Consumer<Capabilities> out;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
    private volatile Capabilities current;
    private volatile boolean closed;

    /**
     * @param endpoint the coordinator's target as the operator knows it (for the reason text)
     * @param tracker  confirmed by an answer, told of a refusal (null for none)
     * @param readOnly the profile forbids all commands
     */
    public CapabilityProbe(ManagedChannel channel, String endpoint, Duration deadline, SourceTracker tracker, boolean readOnly,
                           Consumer<Capabilities> out) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.target = new UnaryCalls.Target("coordinator " + endpoint, deadline, "an upstream coordinator has no operator extension", tracker);
        this.readOnly = readOnly;
        this.out = out;
        this.current = Capabilities.detecting().withReadOnly(readOnly);
    }

    public Capabilities current() {
        return current;
    }

    /** Probes now; completes with (and reports) the result. Never fails. */
    public CompletableFuture<Capabilities> probe() {
        ListPageRequest onePage = ListPageRequest.newBuilder().setPageSize(1).build();
        return UnaryCalls.call(target, "List", RetryPolicy.IDEMPOTENT,
                        d -> IndexerOperationsGrpc.newFutureStub(channel).withDeadlineAfter(d.toNanos(), TimeUnit.NANOSECONDS).list(onePage),
                        page -> page)
                .handle((page, error) -> {
                    Finding f = classify(error == null ? null : CallFailure.from(unwrap(error), "List", "coordinator " + endpoint,
                            target.deadline()), endpoint, readOnly);
                    if (f.retry()) {
                        retryLater(); // does nothing once closed
                    } else {
                        backoff.reset();
                    }
                    if (!closed) {
                        current = f.capabilities();
                        out.accept(f.capabilities());
                    }
                    return f.capabilities();
                });
    }

    /**
     * One probe of the coordinator at {@code endpoint} on a channel of its own, closed afterwards
     * (the CLI): the same rule, without retries. A coordinator that could not be asked gives
     * {@link CoordinatorKind#UNKNOWN}, with the reason on the extension commands. Never fails.
     *
     * @throws IllegalArgumentException when the endpoint cannot be used (e.g. an unreadable CA file)
     */
    public static CompletableFuture<Capabilities> once(Endpoint endpoint) {
        ManagedChannel channel = Channels.build(endpoint).channel();
        CapabilityProbe probe = new CapabilityProbe(channel, endpoint.target(), endpoint.deadline(), null, false, c -> { });
        probe.close(); // no retries, and nothing to report to
        return probe.probe().whenComplete((c, e) -> Channels.close(channel));
    }

    /** The rule above; {@code failure} null when the coordinator answered. */
    static Finding classify(CallFailure failure, String endpoint, boolean readOnly) {
        if (failure == null) {
            return new Finding(Capabilities.all().withReadOnly(readOnly), false);
        }
        Status.Code code = failure.code();
        if (failure.kind() == CallFailure.Kind.UNIMPLEMENTED) {
            Map<CommandKind, String> m = new EnumMap<>(CommandKind.class);
            for (CommandKind k : EXTENSION) {
                m.put(k, "the coordinator at " + endpoint + " does not implement " + k.label()
                        + " (an upstream coordinator without Watchkeeper's operator extension)");
            }
            return new Finding(new Capabilities(m, readOnly, CoordinatorKind.UPSTREAM), false);
        }
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
            return new Finding(without(CommandKind.values(), "the coordinator at " + endpoint + " refuses this profile's credentials ("
                    + failure.getMessage() + "): commands unavailable", readOnly, CoordinatorKind.EXTENSION), false);
        }
        if (failure.kind() == CallFailure.Kind.REJECTED) {
            // it answered: the service exists, only this request was refused
            return new Finding(Capabilities.all().withReadOnly(readOnly), false);
        }
        return new Finding(without(EXTENSION, "could not check whether the coordinator at " + endpoint + " implements this ("
                + failure.getMessage() + "); checking again", readOnly, CoordinatorKind.UNKNOWN), true);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
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

    private static Capabilities without(CommandKind[] kinds, String reason, boolean readOnly, CoordinatorKind coordinator) {
        Map<CommandKind, String> m = new EnumMap<>(CommandKind.class);
        for (CommandKind k : kinds) {
            m.put(k, reason);
        }
        return new Capabilities(m, readOnly, coordinator);
    }
}
