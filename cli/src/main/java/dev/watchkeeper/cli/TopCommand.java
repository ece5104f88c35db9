package dev.watchkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.watchkeeper.connectors.metrics.Exposition;
import dev.watchkeeper.connectors.metrics.IndexerFigures;
import dev.watchkeeper.connectors.metrics.MetricsScraper;
import dev.watchkeeper.connectors.metrics.Scrape;
import dev.watchkeeper.connectors.metrics.WorkerFigures;
import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"Per indexer: blocks/s, execution p95, failure rate, unprocessed messages and heap, from the block streamer's",
                "and runner's Prometheus /metrics, scraped twice --window apart. Endpoints come from the options, else the profile."})
final class TopCommand extends CliCommand {

    static final String SCHEMA = "watchkeeper.top/1";

    @Option(names = "--block-streamer-metrics", paramLabel = "URL", description = "The block streamer's /metrics (upstream: http://HOST:9180/metrics).")
    String blockStreamerMetrics;

    @Option(names = "--runner-metrics", paramLabel = "URL", description = "The runner's /metrics (upstream: http://HOST:9180/metrics).")
    String runnerMetrics;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "Time between the two scrapes that rates are computed over (default ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--json", description = "Print JSON (schema " + SCHEMA + "); a figure the endpoints do not give is null.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        URI bs = uri(blockStreamerMetrics, "--block-streamer-metrics");
        URI r = uri(runnerMetrics, "--runner-metrics");
        if ((bs == null || r == null) && global().profile != null) {
            ObservabilitySettings o;
            try {
                o = Profiles.load(global().profile).resolve(System::getenv).observability();
            } catch (dev.watchkeeper.connectors.profile.ProfileException e) {
                throw CliFailure.usage(e.getMessage());
            }
            bs = bs != null ? bs : uri(o.blockStreamerMetricsUrl(), "the profile's blockStreamerMetricsUrl");
            r = r != null ? r : uri(o.runnerMetricsUrl(), "the profile's runnerMetricsUrl");
        }
        if (bs == null && r == null) {
            throw CliFailure.usage("no metrics endpoint: give --block-streamer-metrics URL and/or --runner-metrics URL, or a profile with them");
        }
        Duration deadline = global().deadline == null ? Duration.ofSeconds(5) : global().deadline;
        Scrape first = scrape(bs, r, deadline, true);
        Thread.sleep(window.toMillis());
        Scrape second = scrape(bs, r, deadline, false);
        WorkerFigures f = WorkerFigures.between(first, second);
        if (json) {
            printJson(f, Duration.between(first.at(), second.at()));
        } else {
            printTable(f);
        }
        return ExitCodes.OK;
    }

    private Scrape scrape(URI bs, URI r, Duration deadline, boolean warn) throws InterruptedException {
        Exposition a = bs == null ? null : fetch(bs, deadline, warn);
        Exposition b = r == null ? null : fetch(r, deadline, warn);
        if ((bs == null || a == null) && (r == null || b == null)) {
            throw CliFailure.connection("no metrics endpoint answered (see above)");
        }
        return new Scrape(Instant.now(), a, b);
    }

    private Exposition fetch(URI uri, Duration deadline, boolean warn) throws InterruptedException {
        try {
            Exposition e = MetricsScraper.scrapeOnce(uri, deadline);
            if (warn && e.badLines() > 0) {
                err().println("watchkeeper: " + uri + ": " + e.badLines() + " unreadable lines skipped, first: " + e.problems().getFirst());
            }
            return e;
        } catch (IOException e) {
            err().println("watchkeeper: " + e.getMessage());
            err().flush();
            return null;
        }
    }

    private static URI uri(String url, String what) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(url.strip());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(what + " must be an http:// or https:// URL (got '" + url + "')");
        }
    }

    private void printJson(WorkerFigures f, Duration measured) {
        ObjectNode doc = Json.object();
        doc.put("schema", SCHEMA);
        doc.put("scraped_at", f.at().toString());
        doc.put("window_seconds", measured.toMillis() / 1000.0);
        ArrayNode list = doc.putArray("indexers");
        for (IndexerFigures i : f.indexers().values()) {
            ObjectNode n = list.addObject();
            n.put("account_id", i.id().accountId());
            n.put("function_name", i.id().functionName());
            put(n, "blocks_per_second", i.blocksPerSecond());
            put(n, "execution_p95_seconds", i.executionP95Seconds());
            put(n, "failure_rate", i.failureRate());
            if (i.unprocessedMessages() == null) {
                n.putNull("unprocessed_messages");
            } else {
                n.put("unprocessed_messages", i.unprocessedMessages());
            }
            put(n, "heap_mb", i.heapMb());
        }
        Json.print(out(), doc);
    }

    private static void put(ObjectNode n, String field, Double v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    private void printTable(WorkerFigures f) {
        TextTable t = new TextTable("INDEXER", "BLOCKS/S", "EXEC P95", "FAILURES", "UNPROCESSED", "HEAP MB");
        for (IndexerFigures i : f.indexers().values()) {
            t.add(i.id().fullName(), fmt("%.2f", i.blocksPerSecond()), i.executionP95Seconds() == null ? "-" : seconds(i.executionP95Seconds()),
                    i.failureRate() == null ? "-" : fmt("%.0f%%", i.failureRate() * 100),
                    i.unprocessedMessages() == null ? "-" : i.unprocessedMessages().toString(), fmt("%.0f", i.heapMb()));
        }
        t.print(out());
    }

    private static String fmt(String pattern, Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, pattern, v);
    }

    private static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }
}
