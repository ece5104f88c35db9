package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.ProjectIds;
import dev.watchkeeper.model.epoch.StateUpdate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

@Command(name = "epochs", mixinStandardHelpOptions = true,
        description = "Show the pooler snapshotter's latest epochs and how far each got, read from Redis.")
final class EpochsCommand extends CliCommand {

    @Option(names = "--last", paramLabel = "N", defaultValue = "10", description = "How many of the newest epochs (default: ${DEFAULT-VALUE}; at most " + EpochReader.WINDOW + ").")
    int last;

    @Option(names = "--failed", description = "Only epochs with a failed project, and list the failures.")
    boolean failedOnly;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.epochs/1).")
    boolean json;

    @Override
    public Integer call() {
        if (last < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--last needs a number >= 1, not " + last);
        }
        Endpoints ep = endpoints();
        List<Epoch> epochs;
        try {
            // The console's reader, read once: it keeps the newest EpochReader.WINDOW epochs, newest first.
            epochs = EpochReader.readOnce(ep.redis(), connectTimeout()).epochs();
        } catch (IllegalStateException e) {
            throw CliFailure.connection("cannot read Redis " + ep.redisForDisplay() + ": " + e.getMessage());
        }
        int newest = Math.min(last, EpochReader.WINDOW);
        epochs = epochs.subList(0, Math.min(newest, epochs.size()));
        if (failedOnly) {
            epochs = epochs.stream().filter(e -> failures(e) > 0).toList();
        }
        Instant now = Instant.now();
        if (json) {
            ObjectNode root = Json.object();
            root.put("schema", "watchkeeper.epochs/1");
            root.put("redis", ep.redisForDisplay());
            root.put("observed_at", now.toString());
            ArrayNode list = root.putArray("epochs");
            epochs.forEach(e -> list.add(json(e)));
            Json.print(out(), root);
            return ExitCodes.OK;
        }
        if (epochs.isEmpty()) {
            out().println(failedOnly ? "no failed project in the newest " + newest + " epochs" : "no epochs in Redis");
            out().flush();
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("EPOCH", "RELEASED", "REACHED", "PROJECTS", "FAILED");
        for (Epoch e : epochs) {
            t.add(e.epochId(), e.releasedAt() == null ? null : Instant.ofEpochSecond(e.releasedAt()),
                    reached(e), projects(e), failures(e));
        }
        t.print(out());
        if (failedOnly) {
            out().println();
            TextTable f = new TextTable("EPOCH", "STATE", "PROJECT", "ERROR");
            for (Epoch e : epochs) {
                for (StateUpdate u : e.failedBatchBuilds()) {
                    f.add(e.epochId(), u.stateId(), batchLabel(u), u.error());
                }
                for (String state : e.orderedStateIds()) {
                    for (StateUpdate u : e.states().get(state)) {
                        if (u.failed()) {
                            f.add(e.epochId(), state, u.projectId(), u.error());
                        }
                    }
                }
            }
            f.print(out());
        }
        return ExitCodes.OK;
    }

    private static ObjectNode json(Epoch e) {
        ObjectNode n = Json.object();
        n.put("epoch_id", e.epochId());
        if (e.releasedAt() == null) {
            n.putNull("released_at");
        } else {
            n.put("released_at", e.releasedAt());
        }
        n.put("reached", reached(e));
        ArrayNode batch = n.putArray("batch_build_failures");
        for (StateUpdate u : e.failedBatchBuilds()) {
            ObjectNode b = batch.addObject();
            b.put("task_type", ProjectIds.typeOf(u.projectId()));
            b.put("field", u.projectId());
            b.put("state_id", u.stateId());
            b.put("error", u.error());
            if (u.timestamp() == null) {
                b.putNull("timestamp");
            } else {
                b.put("timestamp", u.timestamp());
            }
        }
        ArrayNode states = n.putArray("states");
        for (String id : e.orderedStateIds()) {
            List<StateUpdate> updates = e.states().get(id);
            ObjectNode s = states.addObject();
            s.put("state_id", id);
            s.put("success", updates.stream().filter(u -> u.status() == StateUpdate.Status.SUCCESS).count());
            s.put("failed", updates.stream().filter(StateUpdate::failed).count());
            s.put("unknown", updates.stream().filter(u -> u.status() == StateUpdate.Status.UNKNOWN).count());
            ArrayNode failures = s.putArray("failures");
            updates.stream().filter(StateUpdate::failed).sorted(Comparator.comparing(StateUpdate::projectId)).forEach(u -> {
                ObjectNode f = failures.addObject();
                f.put("project_id", u.projectId());
                f.put("error", u.error());
                if (u.timestamp() == null) {
                    f.putNull("timestamp");
                } else {
                    f.put("timestamp", u.timestamp());
                }
            });
        }
        return n;
    }

    /** A failed bulk build names a task type, not a project: say so in the PROJECT column. */
    static String batchLabel(StateUpdate u) {
        return "batch build of " + ProjectIds.typeOf(u.projectId());
    }

    /** The furthest known state any project reached; EPOCH_RELEASED when only released. */
    private static String reached(Epoch e) {
        String best = e.releasedAt() == null ? null : EpochStates.EPOCH_RELEASED;
        for (String s : e.orderedStateIds()) {
            if (EpochStates.isKnown(s) && !e.states().get(s).isEmpty()) {
                best = s;
            }
        }
        return best;
    }

    private static int projects(Epoch e) {
        return e.states().values().stream().mapToInt(List::size).max().orElse(0);
    }

    /** Failed project entries plus failed batch builds (each a whole task type of the epoch). */
    private static long failures(Epoch e) {
        return e.states().values().stream().flatMap(List::stream).filter(StateUpdate::failed).count()
                + e.failedBatchBuilds().size();
    }
}
