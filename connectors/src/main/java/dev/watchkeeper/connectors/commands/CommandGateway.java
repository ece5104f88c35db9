package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;

import java.util.concurrent.CompletableFuture;

/** Sends one operator command to the coordinator. */
public interface CommandGateway {

    /**
     * Sends {@code kind} for {@code id}. {@code reason} travels with commands that carry one
     * (Delete). The future always completes normally, with what the coordinator answered; it
     * completes on a connector thread, never the caller's.
     */
    CompletableFuture<SendOutcome> send(CommandKind kind, IndexerId id, String reason);

    /** Why this gateway sends no command at all (a read-only session), or null when it sends. */
    default String refusal() {
        return null;
    }
}
