package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.model.CoordinatorKind;

/**
 * What the console knew about the indexer and coordinator when a command was sent, so that a slow
 * or undone confirmation can be explained in words an operator can act on.
 *
 * @param coordinator      the kind of coordinator
 * @param unhealthyBecause why upstream's coordinator considers the indexer unhealthy (it then waits
 *                         600 s before restarting it), null when it does not or cannot be known
 */
public record CommandContext(CoordinatorKind coordinator, String unhealthyBecause) {

    public static final CommandContext UNKNOWN = new CommandContext(CoordinatorKind.UNKNOWN, null);

    public CommandContext {
        coordinator = coordinator == null ? CoordinatorKind.UNKNOWN : coordinator;
    }
}
