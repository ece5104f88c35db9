package dev.watchkeeper.cli;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete one indexer (operator extension): its streams and executors stop and it goes Deleting, then Deleted.",
                "Destructive: needs --reason and --yes; never retried."})
final class DeleteCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT/FUNCTION", converter = IndexerIdConverter.class)
    IndexerId id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is deleted (audited, sent to the coordinator).")
    String reason;

    @Option(names = "--yes", description = "Confirm the deletion. Without it nothing is sent.")
    boolean yes;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reason must not be blank");
        }
        CommandRun run = new CommandRun(this, CommandKind.DELETE, reason);
        run.refuseIfReadOnly(List.of(id));
        if (!yes) {
            throw CliFailure.failed("refused: delete " + id + " is destructive (" + CommandKind.DELETE.effect()
                    + "); nothing was sent. Re-run with --yes to delete it.");
        }
        return run.run(List.of(id));
    }
}
