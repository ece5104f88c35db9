package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.connectors.logs.LogSourceException;
import dev.watchkeeper.connectors.logs.PgLogCursor;
import dev.watchkeeper.connectors.logs.PgLogFilter;
import dev.watchkeeper.connectors.logs.PgLogRow;
import dev.watchkeeper.connectors.logs.PgLogServer;
import dev.watchkeeper.connectors.logs.PgLogSource;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import dev.watchkeeper.model.IndexerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print an indexer's logs from the sys_logs table the runner writes in PostgreSQL, newest last.",
                "The server comes from --logs-db, else the profile, else $WATCHKEEPER_LOGS_DB; the database is the",
                "sanitised account and the schema the sanitised ACCOUNT/FUNCTION, as upstream names them."})
final class LogsCommand extends CliCommand {

    static final String SCHEMA = "watchkeeper.logs/1";

    @Parameters(index = "0", paramLabel = "ACCOUNT/FUNCTION", converter = IndexerIdConverter.class)
    IndexerId id;

    @Option(names = "--logs-db", paramLabel = "postgresql://USER:PASSWORD@HOST:PORT",
            description = "PostgreSQL server of the indexers' databases (no database name). The password may also come from $WATCHKEEPER_LOGS_DB_PASSWORD.")
    String logsDb;

    @Option(names = "--level", paramLabel = "LEVEL", description = "Lowest level to print: DEBUG, INFO, WARN or ERROR (default: all).")
    String level;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only system or user lines.")
    String type;

    @Option(names = "--since", paramLabel = "TIME", description = "Only lines from this time on: a duration back from now (10m, 2h) or an instant (2024-05-01T10:00:00Z).")
    String since;

    @Option(names = "--search", paramLabel = "TEXT", description = "Only lines whose message has these words (PostgreSQL full-text search, the table's own index).")
    String search;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "How many of the newest lines to print (1-10000, default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--follow", description = "Keep printing new lines as they are written, like tail -f (Ctrl+C stops).")
    boolean follow;

    @Option(names = "--poll", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1s", hidden = true,
            description = "How often --follow asks for new lines.")
    Duration poll;

    @Option(names = "--json", description = "Print JSON (schema " + SCHEMA + "); with --follow one compact document per batch of new lines.")
    boolean json;

    @Override
    public Integer call() {
        PgLogFilter filter = filter();
        if (limit < 1 || limit > 10_000) {
            throw CliFailure.usage("--limit must be between 1 and 10000 (got " + limit + ")");
        }
        PgLogServer server = server();
        Duration deadline = global().deadline == null ? Duration.ofSeconds(5) : global().deadline;
        PgLogCursor cursor;
        try (PgLogSource src = open(server, deadline)) {
            List<PgLogRow> rows = src.newest(filter, limit);
            print(rows);
            cursor = rows.isEmpty() ? null : rows.getLast().cursor();
            if (!follow) {
                return ExitCodes.OK;
            }
            if (cursor == null) {
                // nothing yet: start from the newest row of any kind, so older lines are not printed later
                List<PgLogRow> any = src.newest(PgLogFilter.ALL, 1);
                cursor = any.isEmpty() ? new PgLogCursor(java.time.LocalDate.EPOCH, 0) : any.getLast().cursor();
            }
        } catch (LogSourceException e) {
            throw failure(e);
        }
        return followFrom(server, deadline, filter, cursor);
    }

    /** Polls for rows after the cursor until interrupted; a lost server is retried with backoff, said on stderr. */
    private int followFrom(PgLogServer server, Duration deadline, PgLogFilter filter, PgLogCursor start) {
        PgLogCursor cursor = start;
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        PgLogSource src = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (src == null) {
                        src = open(server, deadline);
                        backoff.reset();
                    }
                    List<PgLogRow> rows = src.after(cursor, filter, 1000);
                    if (!rows.isEmpty()) {
                        print(rows);
                        cursor = rows.getLast().cursor();
                    }
                    if (rows.size() < 1000) {
                        Thread.sleep(poll.toMillis());
                    }
                } catch (LogSourceException e) {
                    if (!e.retryable()) {
                        throw failure(e);
                    }
                    if (src != null) {
                        src.close();
                        src = null;
                    }
                    Duration wait = backoff.next();
                    err().println("watchkeeper: " + e.getMessage() + "; trying again in " + wait.toMillis() + " ms");
                    err().flush();
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (src != null) {
                src.close();
            }
        }
        return ExitCodes.OK;
    }

    private PgLogSource open(PgLogServer server, Duration deadline) {
        return PgLogSource.open(server, id, deadline);
    }

    private static CliFailure failure(LogSourceException e) {
        return switch (e.problem()) {
            case UNREACHABLE, REFUSED -> new CliFailure(ExitCodes.CONNECTION, e.getMessage(), e);
            case NO_DATABASE, NO_SCHEMA, FAILED -> new CliFailure(ExitCodes.FAILED, e.getMessage(), e);
        };
    }

    private PgLogFilter filter() {
        Set<String> levels;
        try {
            levels = level == null ? Set.of() : PgLogFilter.atLeast(level);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--level: " + e.getMessage());
        }
        Set<String> types = Set.of();
        if (type != null) {
            if (!type.equals("system") && !type.equals("user")) {
                throw CliFailure.usage("--type must be system or user (got '" + type + "')");
            }
            types = Set.of(type);
        }
        return new PgLogFilter(levels, types, search, since == null ? null : sinceInstant(since));
    }

    static Instant sinceInstant(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                return Instant.now().minus(DurationConverter.parse(text));
            } catch (RuntimeException notDuration) {
                throw CliFailure.usage("--since: '" + text + "' is neither a duration (10m, 2h) nor an instant (2024-05-01T10:00:00Z)");
            }
        }
    }

    /** --logs-db, else the profile's logs database (user and password with it), else $WATCHKEEPER_LOGS_DB. */
    private PgLogServer server() {
        String url = logsDb;
        String user = null;
        String password = System.getenv("WATCHKEEPER_LOGS_DB_PASSWORD");
        if (url == null && global().profile != null) {
            ObservabilitySettings o = resolved(Profiles.load(global().profile)).observability();
            url = o.logsDatabaseUrl();
            user = o.logsDatabaseUser();
            password = o.logsDatabasePassword() != null ? o.logsDatabasePassword() : password;
        }
        if (url == null) {
            url = System.getenv("WATCHKEEPER_LOGS_DB");
        }
        if (url == null || url.isBlank()) {
            throw CliFailure.usage("no logs database: give --logs-db postgresql://USER:PASSWORD@HOST:PORT, a profile with observability.logsDatabaseUrl,"
                    + " or $WATCHKEEPER_LOGS_DB");
        }
        try {
            return PgLogServer.parse(url, user, password);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private static ConnectionProfile resolved(ConnectionProfile p) {
        try {
            return p.resolve(System::getenv);
        } catch (RuntimeException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    private void print(List<PgLogRow> rows) {
        PrintWriter out = out();
        if (json) {
            ObjectNode doc = Json.object();
            doc.put("schema", SCHEMA);
            ArrayNode entries = doc.putArray("entries");
            for (PgLogRow r : rows) {
                ObjectNode e = entries.addObject();
                e.put("id", r.id());
                if (r.blockHeight() == null) {
                    e.putNull("block_height");
                } else {
                    e.put("block_height", r.blockHeight());
                }
                e.put("timestamp", r.timestamp().toString());
                e.put("type", r.type());
                e.put("level", r.level());
                e.put("message", r.message());
            }
            if (follow) {
                out.println(doc.toString());
                out.flush();
            } else {
                Json.print(out, doc);
            }
            return;
        }
        for (PgLogRow r : rows) {
            out.printf("%s %-5s %-6s %s%s%n", r.timestamp(), r.level(), r.type(),
                    r.blockHeight() == null ? "" : "#" + r.blockHeight() + " ", r.message());
        }
        out.flush();
    }
}
