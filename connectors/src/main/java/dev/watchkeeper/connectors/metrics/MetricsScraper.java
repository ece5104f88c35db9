package dev.watchkeeper.connectors.metrics;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes the block streamer's and the runner's {@code /metrics} every interval (15 s by default,
 * as a Prometheus server would), both at once, each bounded by the deadline and a body limit, and
 * turns each pair of scrapes into {@link WorkerFigures}. A failed endpoint is shown RECONNECTING
 * and tried again with backoff. Callbacks run on the scraper's thread, never the FX thread.
 */
public final class MetricsScraper implements AutoCloseable {

    /** A scrape larger than this is refused: 10,000 indexers take about 8 MB. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    public interface Listener {
        void onFigures(WorkerFigures figures);

        void onStatus(SourceStatus status);
    }

    private final Endpoint blockStreamer;
    private final Endpoint runner;
    private final Duration interval;
    private final Duration deadline;
    private final Listener listener;
    private final Clock clock;
    private final HttpClient http;
    private final Backoff backoff;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metrics-scraper");
        t.setDaemon(true);
        return t;
    });
    private Scrape previous;
    private volatile boolean closed;
    /** Why each endpoint's last scrape failed, for its status. */
    private final java.util.Map<Source, String> lastError = new java.util.concurrent.ConcurrentHashMap<>();

    /** One endpoint and the state shown for it. */
    private static final class Endpoint {
        final Source source;
        final URI uri;
        ConnectionState state = ConnectionState.CONNECTING;
        Instant since;

        Endpoint(Source source, URI uri, Instant now) {
            this.source = source;
            this.uri = uri;
            this.since = now;
        }
    }

    /** Either URL may be null (not configured). */
    public MetricsScraper(URI blockStreamerUrl, URI runnerUrl, Duration interval, Duration deadline, Listener listener, Clock clock) {
        this.clock = clock;
        Instant now = clock.instant();
        this.blockStreamer = blockStreamerUrl == null ? null : new Endpoint(Source.BLOCK_STREAMER_METRICS, blockStreamerUrl, now);
        this.runner = runnerUrl == null ? null : new Endpoint(Source.RUNNER_METRICS, runnerUrl, now);
        this.interval = interval;
        this.deadline = deadline;
        this.listener = listener;
        this.backoff = new Backoff(Duration.ofSeconds(1), interval.compareTo(Duration.ofSeconds(60)) > 0 ? interval : Duration.ofSeconds(60));
        this.http = HttpClient.newBuilder().connectTimeout(deadline).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public MetricsScraper start() {
        for (Endpoint e : new Endpoint[]{blockStreamer, runner}) {
            if (e != null) {
                listener.onStatus(new SourceStatus(e.source, ConnectionState.CONNECTING, e.since, null, null, mode(), "connecting to " + e.uri));
            }
        }
        timer.execute(this::tick);
        return this;
    }

    private String mode() {
        return "scraped every " + interval.toSeconds() + " s";
    }

    private void tick() {
        if (closed) {
            return;
        }
        CompletableFuture<Exposition> bs = fetch(blockStreamer);
        CompletableFuture<Exposition> r = fetch(runner);
        Exposition bsx = bs.join();
        Exposition rx = r.join();
        Instant at = clock.instant();
        boolean failed = (blockStreamer != null && bsx == null) || (runner != null && rx == null);
        if (bsx != null || rx != null) {
            Scrape current = new Scrape(at, bsx, rx);
            WorkerFigures figures = WorkerFigures.between(previous, current);
            previous = current;
            if (!closed) {
                listener.onFigures(figures);
            }
        }
        Duration next = failed ? backoff.next() : interval;
        if (!failed) {
            backoff.reset();
        }
        report(blockStreamer, bsx, at, next);
        report(runner, rx, at, next);
        if (!closed) {
            timer.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void report(Endpoint e, Exposition x, Instant at, Duration next) {
        if (e == null || closed) {
            return;
        }
        ConnectionState state = x != null ? ConnectionState.CONNECTED : ConnectionState.RECONNECTING;
        if (state != e.state) {
            e.state = state;
            e.since = at;
        }
        String note = x == null ? lastError.get(e.source)
                : x.badLines() > 0 ? x.badLines() + " unreadable lines, first: " + x.problems().getFirst() : null;
        listener.onStatus(new SourceStatus(e.source, state, e.since, x != null ? at : null, x == null ? at.plus(next) : null, mode(), note));
    }

    private CompletableFuture<Exposition> fetch(Endpoint e) {
        if (e == null) {
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest req = HttpRequest.newBuilder(e.uri).timeout(deadline).header("Accept", "text/plain;version=0.0.4").GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(resp -> {
                    try {
                        return read(resp, e.uri);
                    } catch (IOException io) {
                        throw new java.io.UncheckedIOException(io);
                    }
                })
                .exceptionally(t -> {
                    lastError.put(e.source, describe(e, t));
                    return null;
                });
    }

    /** One scrape of {@code uri}, for a one-off reader such as the command line. */
    public static Exposition scrapeOnce(URI uri, Duration deadline) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(deadline).followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(deadline).header("Accept", "text/plain;version=0.0.4").GET().build();
            try {
                return read(client.send(req, HttpResponse.BodyHandlers.ofInputStream()), uri);
            } catch (HttpTimeoutException t) {
                throw new IOException("no answer from " + uri + " within " + deadline.toMillis() + " ms", t);
            } catch (java.net.ConnectException c) {
                throw new IOException("cannot connect to " + uri + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
            }
        }
    }

    private static Exposition read(HttpResponse<InputStream> resp, URI uri) throws IOException {
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException("HTTP " + resp.statusCode() + " from " + uri);
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IOException(uri + " sent more than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB");
            }
            return ExpositionParser.parse(new String(body, StandardCharsets.UTF_8));
        }
    }

    private String describe(Endpoint e, Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.io.UncheckedIOException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof HttpTimeoutException) {
            return "no answer from " + e.uri + " within " + deadline.toMillis() + " ms";
        }
        if (c instanceof java.net.ConnectException) {
            return "cannot connect to " + e.uri + (c.getMessage() == null ? "" : ": " + c.getMessage());
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() + " from " + e.uri : c.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        http.close();
    }
}
