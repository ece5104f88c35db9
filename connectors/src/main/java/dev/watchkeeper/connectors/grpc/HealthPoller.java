package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StreamStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Polls the block streamer's ListStreams and the runner's ListExecutors every interval and reports
 * each answer as a full {@link HealthBatch}. A source without an endpoint reports NOT_CONFIGURED
 * and no batch, so its health stays "unknown". A source that fails reports RECONNECTING (or DOWN
 * when it refuses us) with the next try, retried with exponential backoff and jitter, and no new
 * batch: stale health is never re-announced as current.
 */
public final class HealthPoller implements AutoCloseable {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ScheduledExecutorService exec;
    private final Loop streams;
    private final Loop executors;
    private final ControlPlaneListener listener;
    private final Clock clock;
    private volatile boolean closed;

    /**
     * @param blockStreamer null when the profile has no block streamer endpoint
     * @param runner        null when the profile has no runner endpoint
     */
    public HealthPoller(BlockStreamerClient blockStreamer, RunnerClient runner, Duration interval,
                        ControlPlaneListener listener, Clock clock) {
        this(blockStreamer, runner, interval, listener, clock,
                new SourceTracker(Source.BLOCK_STREAMER, mode(interval), listener::onStatus, clock),
                new SourceTracker(Source.RUNNER, mode(interval), listener::onStatus, clock));
    }

    /** With trackers owned by the caller; the clients should confirm through the same trackers. */
    public HealthPoller(BlockStreamerClient blockStreamer, RunnerClient runner, Duration interval,
                        ControlPlaneListener listener, Clock clock, SourceTracker streamTracker, SourceTracker runnerTracker) {
        this.listener = listener;
        this.clock = clock;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchkeeper-health-poller");
            t.setDaemon(true);
            return t;
        });
        this.streams = blockStreamer == null ? null : new Loop(Source.BLOCK_STREAMER, blockStreamer.label(), interval, streamTracker,
                () -> blockStreamer.listStreams().thenApply(s -> batch(Source.BLOCK_STREAMER, s, List.of())));
        this.executors = runner == null ? null : new Loop(Source.RUNNER, runner.label(), interval, runnerTracker,
                () -> runner.listExecutors().thenApply(e -> batch(Source.RUNNER, List.of(), e)));
    }

    static String mode(Duration interval) {
        long ms = interval.toMillis();
        return "polling every " + (ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0));
    }

    private HealthBatch batch(Source source, List<StreamStatus> s, List<ExecutorStatus> e) {
        return new HealthBatch(source, s, e, true, clock.instant());
    }

    public void start() {
        Instant now = clock.instant();
        if (streams == null) {
            listener.onStatus(SourceStatus.notConfigured(Source.BLOCK_STREAMER, now));
        } else {
            exec.execute(streams::poll);
        }
        if (executors == null) {
            listener.onStatus(SourceStatus.notConfigured(Source.RUNNER, now));
        } else {
            exec.execute(executors::poll);
        }
    }

    private final class Loop {
        private final Source source;
        private final String label;
        private final Duration interval;
        private final SourceTracker tracker;
        private final Supplier<CompletableFuture<HealthBatch>> fetch;
        private final Backoff backoff = new Backoff(Duration.ofMillis(500), MAX_BACKOFF);

        Loop(Source source, String label, Duration interval, SourceTracker tracker, Supplier<CompletableFuture<HealthBatch>> fetch) {
            this.source = source;
            this.label = label;
            this.interval = interval;
            this.tracker = tracker;
            this.fetch = fetch;
        }

        void poll() {
            if (closed) {
                return;
            }
            // the next poll is scheduled only after this one ends (each call has a deadline), so polls never pile up
            fetch.get().whenComplete((batch, error) -> {
                if (closed) {
                    return;
                }
                Duration next;
                if (error == null) {
                    backoff.reset();
                    tracker.confirmed();
                    listener.onHealth(batch);
                    next = interval;
                } else {
                    CallFailure f = error instanceof CallFailure cf ? cf
                            : error.getCause() instanceof CallFailure cf2 ? cf2
                            : CallFailure.from(error, source.label(), label, interval);
                    next = backoff.next();
                    Instant at = clock.instant().plus(next);
                    String why = f.getMessage() + "; health unknown until it answers";
                    if (f.kind() == CallFailure.Kind.REFUSED || f.kind() == CallFailure.Kind.UNIMPLEMENTED) {
                        tracker.down(why, at);
                    } else {
                        tracker.reconnecting(why, at);
                    }
                }
                schedule(next);
            });
        }

        private void schedule(Duration delay) {
            if (!closed) {
                try {
                    exec.schedule(this::poll, delay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closed meanwhile
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        exec.shutdownNow();
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
