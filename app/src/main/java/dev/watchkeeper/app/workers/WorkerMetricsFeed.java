package dev.watchkeeper.app.workers;

import dev.watchkeeper.app.ui.FxBatcher;
import dev.watchkeeper.connectors.metrics.MetricsScraper;
import dev.watchkeeper.connectors.metrics.WorkerFigures;
import dev.watchkeeper.connectors.profile.ConnectionProfile;
import dev.watchkeeper.connectors.profile.ObservabilitySettings;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;

import java.net.URI;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Starts the metrics scraper a profile asks for, with statuses and figures crossing to the FX
 * thread once per pulse. A URL that cannot be used shows its source DOWN with the reason.
 */
public final class WorkerMetricsFeed {

    private WorkerMetricsFeed() {
    }

    /**
     * @param statuses takes each source's status on the FX thread (the status bar)
     * @param figures  takes each scrape's figures on the FX thread
     * @return the running scraper, or null when the profile names no metrics endpoint
     */
    public static AutoCloseable start(ConnectionProfile profile, Consumer<SourceStatus> statuses, Consumer<WorkerFigures> figures) {
        ObservabilitySettings o;
        Clock clock = Clock.systemUTC();
        FxBatcher<SourceStatus> status = new FxBatcher<>(list -> list.forEach(statuses));
        try {
            o = profile.resolve(System::getenv).observability();
        } catch (RuntimeException e) {
            ObservabilitySettings raw = profile.observability();
            if (raw.blockStreamerMetricsUrl() != null) {
                status.offer(down(Source.BLOCK_STREAMER_METRICS, e.getMessage(), clock));
            }
            if (raw.runnerMetricsUrl() != null) {
                status.offer(down(Source.RUNNER_METRICS, e.getMessage(), clock));
            }
            return null;
        }
        if (!o.hasMetrics()) {
            return null;
        }
        URI bs = uri(o.blockStreamerMetricsUrl(), Source.BLOCK_STREAMER_METRICS, status, clock);
        URI r = uri(o.runnerMetricsUrl(), Source.RUNNER_METRICS, status, clock);
        if (bs == null && r == null) {
            return null;
        }
        FxBatcher<WorkerFigures> latest = new FxBatcher<>(list -> figures.accept(list.getLast()));
        return new MetricsScraper(bs, r, o.metricsInterval(), profile.coordinator().deadline(), new MetricsScraper.Listener() {
            @Override
            public void onFigures(WorkerFigures f) {
                latest.offer(f);
            }

            @Override
            public void onStatus(SourceStatus s) {
                status.offer(s);
            }
        }, clock).start();
    }

    private static URI uri(String url, Source source, FxBatcher<SourceStatus> status, Clock clock) {
        if (url == null) {
            return null;
        }
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            status.offer(down(source, "not a URL: " + url, clock));
            return null;
        }
    }

    private static SourceStatus down(Source source, String why, Clock clock) {
        return new SourceStatus(source, ConnectionState.DOWN, clock.instant(), null, null, null, why);
    }
}
