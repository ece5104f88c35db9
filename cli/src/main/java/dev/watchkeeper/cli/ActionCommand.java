package dev.watchkeeper.cli;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** Suspend, unsuspend, repair and restart: one command for one or more indexers, each confirmed by state. */
abstract class ActionCommand extends CliCommand {

    @Parameters(arity = "1..*", paramLabel = "ACCOUNT/FUNCTION", converter = IndexerIdConverter.class,
            description = "The indexers to act on.")
    List<IndexerId> ids;

    abstract CommandKind kind();

    @Override
    public Integer call() {
        return new CommandRun(this, kind(), null).run(ids);
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Suspend indexers (coordinator Disable); done when Redis shows Suspended.")
    static final class Suspend extends ActionCommand {
        @Override
        CommandKind kind() {
            return CommandKind.SUSPEND;
        }
    }

    @Command(name = "unsuspend", mixinStandardHelpOptions = true,
            description = "Unsuspend indexers (coordinator Enable); done when Redis shows Running.")
    static final class Unsuspend extends ActionCommand {
        @Override
        CommandKind kind() {
            return CommandKind.UNSUSPEND;
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Repair Repairing indexers (operator extension); done when Redis shows Initializing or Running.")
    static final class Repair extends ActionCommand {
        @Override
        CommandKind kind() {
            return CommandKind.REPAIR;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Restart the block stream and executor of Running indexers (operator extension).")
    static final class Restart extends ActionCommand {
        @Override
        CommandKind kind() {
            return CommandKind.RESTART;
        }
    }
}
