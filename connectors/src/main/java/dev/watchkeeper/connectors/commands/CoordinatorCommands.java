package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's commands on a channel of their own, for a short-lived caller (the CLI): the
 * same {@link GrpcCommandGateway} the console reaches through {@code ControlPlaneConnection.commands()},
 * with the endpoint's TLS, token and deadline. Close it to close the channel.
 */
public final class CoordinatorCommands implements CommandGateway, AutoCloseable {

    private final ManagedChannel channel;
    private final GrpcCommandGateway gateway;

    private CoordinatorCommands(ManagedChannel channel, GrpcCommandGateway gateway) {
        this.channel = channel;
        this.gateway = gateway;
    }

    /**
     * @param readOnly the session is read-only: nothing is ever sent
     * @throws IllegalArgumentException when the endpoint cannot be used (e.g. an unreadable CA file)
     */
    public static CoordinatorCommands open(Endpoint coordinator, boolean readOnly) {
        ManagedChannel channel = Channels.build(coordinator).channel();
        return new CoordinatorCommands(channel, new GrpcCommandGateway(channel, coordinator.deadline(), readOnly));
    }

    @Override
    public String refusal() {
        return gateway.refusal();
    }

    @Override
    public CompletableFuture<SendOutcome> send(CommandKind kind, IndexerId id, String reason) {
        return gateway.send(kind, id, reason);
    }

    @Override
    public void close() {
        Channels.close(channel);
    }
}
