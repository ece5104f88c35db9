package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.history.HistoryException;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.history.StoredIncidentHistory;
import dev.watchkeeper.model.incident.IncidentHistory;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.ManualClock;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.HumanDuration;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import dev.watchkeeper.model.incident.Incident;
import dev.watchkeeper.model.incident.IncidentEngine;
import dev.watchkeeper.model.incident.IncidentMember;
import dev.watchkeeper.model.incident.IncidentSettings;
import dev.watchkeeper.model.incident.InMemoryIncidentHistory;
import dev.watchkeeper.model.incident.Problem;
import dev.watchkeeper.model.incident.Problems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incidents for scripts and pagers, with the console's grouping: those in the profile's history
 * store (recorded by `watchkeeper record` or a console, with true starts and ends), and what it can
 * group itself, which never becomes history: pooler failures from the epochs still in Redis (their timestamps
 * are the pooler's own, so incidents there have true starts and ends), and the indexers' problems
 * present at its first look (when they began is unknown: grouped by cause alone, marked so) plus,
 * with {@code --observe}, those that start while it watches.
 */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = {"List incidents: problems that began close together with one likely cause (the console's grouping).",
                "Incidents in the profile's history store (recorded by `watchkeeper record` or a console) are listed with their own starts and ends.",
                "Pooler failures are grouped from the epochs in Redis with their own timestamps. Indexer problems present at the first",
                "look have no known start: they are grouped by cause alone and marked 'start unknown'. --observe watches for a while",
                "and dates what starts meanwhile. A stored incident still open when its recorder or console stopped is 'unobserved'",
                "after that moment. Exit 0 when no incident is open, 1 when one is."})
final class IncidentsCommand extends CliCommand {

    static final Duration POLL = Duration.ofSeconds(2);

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only incidents that began at or after TIME: an ISO-8601 instant or an age (30m, 12h).")
    String since;

    @Option(names = "--observe", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Watch the control plane this long (e.g. 2m), looking every 2 s, to date problems that start meanwhile.")
    Duration observe;

    @Option(names = "--json", description = "Print JSON (schema watchkeeper.incidents/1) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Instant from = since == null ? null : parseSince(since);
        Endpoints ep = endpoints();
        // Moved along the epochs' own timestamps while replaying them, then to each look's time.
        ManualClock clock = new ManualClock(Instant.EPOCH);
        List<String> problems = new ArrayList<>();
        StoreLocation location = global().historyLocation();
        HistoryStore store = openStore(location, problems);
        try {
            IncidentHistory history = store == null ? new InMemoryIncidentHistory()
                    : StoredIncidentHistory.readOnly(store, "incidents-command", clock);
            return list(from, ep, clock, history, store == null ? null : location, problems);
        } catch (HistoryException e) {
            throw new CliFailure(ExitCodes.FAILED, e.getMessage(), e);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** The profile's history store, or null (with a warning unless nothing was ever recorded) when it cannot be read. */
    private static HistoryStore openStore(StoreLocation location, List<String> problems) {
        try {
            return HistoryStore.open(location, false);
        } catch (HistoryException e) {
            if (location.file() == null || java.nio.file.Files.exists(location.file())) {
                problems.add("incidents recorded before this look are not shown: " + e.getMessage());
            }
            return null;
        }
    }

    private Integer list(Instant from, Endpoints ep, ManualClock clock, IncidentHistory history, StoreLocation store, List<String> problems) {
        IncidentEngine engine = new IncidentEngine(IncidentSettings.defaults(), clock, history);
        Set<Incident> grouped = new HashSet<>();

        Map<String, Problem> present = new HashMap<>();
        Set<String> startUnknown = new HashSet<>();
        boolean liveFailed = false;
        try {
            look(ep, engine, clock, problems, present, startUnknown);
        } catch (CliFailure f) {
            if (store == null || f.exitCode() != ExitCodes.CONNECTION) {
                throw f;
            }
            // Redis down is when the postmortem list is wanted most: the store still has it
            problems.add(f.getMessage() + "; listed: the incidents recorded in the history store only");
            liveFailed = true;
            clock.set(Instant.now());
        }

        grouped.addAll(history instanceof StoredIncidentHistory stored ? stored.recordedHere(null) : history.since(null));
        List<Incident> incidents = history.since(from);
        // only what this look grouped can have a start it does not know; the store's incidents have their own
        Set<String> unknown = new HashSet<>();
        for (Incident i : incidents) {
            if (grouped.contains(i) && unknownStart(i, startUnknown)) {
                unknown.add(i.id());
            }
        }
        boolean anyOpen = incidents.stream().anyMatch(Incident::open);
        Instant at = clock.instant();
        if (json) {
            ObjectNode root = Json.object();
            root.put("schema", "watchkeeper.incidents/1");
            root.put("observed_at", at.toString());
            root.put("observed_for_seconds", observe == null ? 0 : observe.toSeconds());
            if (store == null) {
                root.putNull("history_store");
            } else {
                root.put("history_store", store.display());
            }
            ArrayNode list = root.putArray("incidents");
            for (Incident i : incidents) {
                list.add(json(i, unknown, at));
            }
            ArrayNode warnings = root.putArray("source_problems");
            problems.forEach(warnings::add);
            Json.print(out(), root);
        } else {
            if (incidents.isEmpty()) {
                out().println(liveFailed ? "no incidents recorded" + (from == null ? "" : " since " + from) + " in " + store.display()
                        : "no incidents" + (from == null ? "" : " since " + from) + ": problems came alone (" + present.size()
                        + " indexer problems now)");
            } else {
                TextTable t = new TextTable("ID", "STATUS", "BEGAN", "LASTED", "AFFECTED", "LIKELY CAUSE");
                for (Incident i : incidents) {
                    t.add(i.id(), i.statusWord(), began(i, unknown),
                            HumanDuration.format(i.duration(at)) + (i.open() ? " so far" : i.unobserved() ? " at least" : ""),
                            i.activeCount() + "/" + i.size(), i.title());
                }
                t.print(out());
                for (Incident i : incidents) {
                    if (i.unobserved()) {
                        out().println(i.id() + " " + i.unobservedNote() + ": whether and when it ended is unknown");
                    }
                }
                if (!unknown.isEmpty()) {
                    out().println("start unknown: already present at the first look; one look cannot tell when each began");
                }
                out().println(incidents.size() + (incidents.size() == 1 ? " incident" : " incidents") + " · as of " + at
                        + (observe == null ? " · one look (use --observe 2m to date problems as they start)" : "")
                        + (store == null ? "" : " · with the history in " + store.display()));
            }
            problems.forEach(p -> err().println("warning: " + p));
        }
        out().flush();
        err().flush();
        return liveFailed ? ExitCodes.CONNECTION : anyOpen ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** This look (and --observe): pooler failures from the epochs in Redis, indexer problems from the fleet. */
    private void look(Endpoints ep, IncidentEngine engine, ManualClock clock, List<String> problems,
                      Map<String, Problem> present, Set<String> startUnknown) {
        replayEpochs(ep, engine, clock, problems);

        FleetLook look = FleetLook.take(this, ep);
        problems.addAll(look.problems());
        clock.set(look.observedAt());
        present.putAll(indexerProblems(look));
        startUnknown.addAll(present.keySet());
        engine.apply(present.values(), List.of());
        if (observe != null) {
            Instant until = Instant.now().plus(observe);
            while (Instant.now().isBefore(until) && pause(POLL)) {
                FleetLook next = FleetLook.take(this, ep);
                clock.set(next.observedAt());
                Map<String, Problem> now = indexerProblems(next);
                List<Problem> started = now.values().stream().filter(p -> !present.containsKey(p.key())).toList();
                List<String> ended = present.keySet().stream().filter(k -> !now.containsKey(k)).toList();
                engine.apply(started, ended);
                present.clear();
                present.putAll(now);
            }
        }
    }

    /** The epochs in Redis, oldest first, as the console would have seen them arrive: true starts and recoveries. */
    private void replayEpochs(Endpoints ep, IncidentEngine engine, ManualClock clock, List<String> problems) {
        EpochWindow window;
        try {
            window = EpochReader.readOnce(ep.redis(), connectTimeout());
        } catch (IllegalStateException e) {
            throw CliFailure.connection("cannot read Redis " + ep.redisForDisplay() + ": " + e.getMessage());
        }
        List<Epoch> newestFirst = window.epochs();
        for (int k = newestFirst.size() - 1; k >= 0; k--) {
            List<Epoch> seen = newestFirst.subList(k, newestFirst.size());
            Instant t = latest(newestFirst.get(k));
            if (t != null && t.isAfter(clock.instant())) {
                clock.set(t);
            }
            engine.sync(Problems.POOLER_PREFIX, Problems.of(new EpochWindow(window.namespace(), seen, window.active(),
                    window.lastEpochDetectedAt(), t == null ? window.observedAt() : t)));
        }
        if (Boolean.FALSE.equals(window.active())) {
            problems.add("the pooler snapshotter reports itself inactive");
        }
    }

    private static Instant latest(Epoch e) {
        long max = e.releasedAt() == null ? -1 : e.releasedAt();
        for (List<StateUpdate> updates : e.states().values()) {
            for (StateUpdate u : updates) {
                if (u.timestamp() != null && u.timestamp() > max) {
                    max = u.timestamp();
                }
            }
        }
        return max < 0 ? null : Instant.ofEpochSecond(max);
    }

    private static Map<String, Problem> indexerProblems(FleetLook look) {
        Map<String, Problem> out = new HashMap<>();
        for (IndexerState s : look.states().values()) {
            // Every problem, as the console feeds its incidents, dated by this look (one look cannot tell when it began).
            for (AttentionItem item : look.rules().problems(look.observation(s), look.observedAt())) {
                Problem p = Problems.of(item, null, look.observedAt());
                out.put(p.key(), new Problem(p.key(), p.kind(), p.kindLabel(), p.subject(), p.indexer(), look.observedAt(), p.reason(),
                        null, null, null, null, null, null));
            }
        }
        return out;
    }

    private static boolean unknownStart(Incident i, Set<String> startUnknown) {
        return i.members().stream().allMatch(m -> startUnknown.contains(m.problem().key()));
    }

    private static String began(Incident i, Set<String> unknown) {
        return unknown.contains(i.id()) ? "before " + i.start() + " (start unknown)" : i.start().toString();
    }

    private static ObjectNode json(Incident i, Set<String> unknown, Instant at) {
        ObjectNode n = Json.object();
        n.put("id", i.id());
        n.put("kind", i.kind());
        n.put("title", i.title());
        n.put("status", i.statusWord());
        if (i.unobserved()) {
            n.put("observed_until", i.observedUntil().toString());
        } else {
            n.putNull("observed_until");
        }
        n.put("start", i.start().toString());
        n.put("start_known", !unknown.contains(i.id()));
        if (i.resolved()) {
            n.put("end", i.end().toString());
            n.put("time_to_recovery_seconds", i.timeToRecovery().toSeconds());
        } else {
            n.putNull("end");
            n.putNull("time_to_recovery_seconds");
        }
        n.put("duration_seconds", i.duration(at).toSeconds());
        n.put("members", i.size());
        n.put("still_affected", i.activeCount());
        ArrayNode evidence = n.putArray("evidence");
        i.evidence().forEach(evidence::add);
        ArrayNode members = n.putArray("member_list");
        for (IncidentMember m : i.members()) {
            ObjectNode o = members.addObject();
            o.put("subject", m.problem().subject());
            o.put("kind", m.problem().kind());
            o.put("start", m.start().toString());
            if (m.end() == null) {
                o.putNull("end");
            } else {
                o.put("end", m.end().toString());
            }
            o.put("reason", m.problem().reason());
        }
        return n;
    }

    /** Waits between looks; false when interrupted (the report is then printed with what was seen). */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
