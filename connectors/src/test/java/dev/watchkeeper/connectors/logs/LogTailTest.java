package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.connectors.Backoff;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.indexer.LogsRequest;
import dev.watchkeeper.model.IndexerId;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** LogTail against a real loopback gRPC server that streams log lines. */
class LogTailTest {

    private static final IndexerId ID = new IndexerId("morgs.near", "social_feed");

    private Server server;
    private ManagedChannel channel;
    private LogTail tail;
    private final List<LogEntry> lines = new CopyOnWriteArrayList<>();
    private final List<LogTailStatus> statuses = new CopyOnWriteArrayList<>();
    private final LogTail.Listener listener = new LogTail.Listener() {
        @Override
        public void onLine(LogEntry line) {
            lines.add(line);
        }

        @Override
        public void onStatus(LogTailStatus status) {
            statuses.add(status);
        }
    };

    @AfterEach
    void tearDown() throws InterruptedException {
        if (tail != null) {
            tail.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private void serve(BindableService service) throws Exception {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build().start();
        channel = Channels.plaintext("127.0.0.1:" + server.getPort());
    }

    private LogTail open(LogEntry.Level min, int n) {
        tail = new LogTail(channel, ID, min, n, Duration.ofSeconds(2),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), listener, Clock.systemUTC()).start();
        return tail;
    }

    static LogLine line(long ms, LogLevel level, String message) {
        return LogLine.newBuilder().setTimestampUnixMs(ms).setLevel(level).setMessage(message).setBlockHeight(ms).build();
    }

    /** Sends the tail, then keeps the stream open until cancelled; can push live lines. */
    private static final class Streaming extends IndexerOperationsGrpc.IndexerOperationsImplBase {
        final AtomicReference<LogsRequest> lastRequest = new AtomicReference<>();
        final AtomicReference<StreamObserver<LogLine>> live = new AtomicReference<>();
        final CountDownLatch cancelled = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean endAfterTail;

        @Override
        public void logs(LogsRequest request, StreamObserver<LogLine> out) {
            lastRequest.set(request);
            calls.incrementAndGet();
            ((ServerCallStreamObserver<LogLine>) out).setOnCancelHandler(cancelled::countDown);
            out.onNext(line(1000, LogLevel.INFO, "started"));
            out.onNext(line(2000, LogLevel.WARN, "slow block"));
            if (endAfterTail) {
                out.onCompleted();
                return;
            }
            live.set(out);
        }
    }

    @Test
    void followsTheTailThenLiveLinesWithLevelAndTailInTheRequest() throws Exception {
        Streaming service = new Streaming();
        serve(service);
        open(LogEntry.Level.INFO, 200);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 2);
        assertThat(service.lastRequest.get().getMinLevel()).isEqualTo(LogLevel.INFO);
        assertThat(service.lastRequest.get().getTail()).isEqualTo(200);
        assertThat(service.lastRequest.get().getAccountId()).isEqualTo("morgs.near");
        assertThat(service.lastRequest.get().getFunctionName()).isEqualTo("social_feed");

        await().atMost(Duration.ofSeconds(5)).until(() -> service.live.get() != null);
        service.live.get().onNext(line(3000, LogLevel.ERROR, "boom"));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 3);
        assertThat(lines).extracting(LogEntry::message).containsExactly("started", "slow block", "boom");
        assertThat(lines.get(2).level()).isEqualTo(LogEntry.Level.ERROR);
        assertThat(lines.get(2).blockHeight()).isEqualTo(3000);
        assertThat(statuses).extracting(LogTailStatus::state).contains(LogTailStatus.State.STREAMING);
    }

    @Test
    void anEndedStreamIsReopenedWithoutRepeatingLines() throws Exception {
        Streaming service = new Streaming();
        service.endAfterTail = true;
        serve(service);
        open(LogEntry.Level.TRACE, 10);

        await().atMost(Duration.ofSeconds(5)).until(() -> service.calls.get() >= 3);
        assertThat(statuses).extracting(LogTailStatus::state).contains(LogTailStatus.State.RECONNECTING);
        assertThat(statuses.stream().filter(s -> s.state() == LogTailStatus.State.RECONNECTING).findFirst().orElseThrow().message())
                .contains("ended the log stream");
        // Every reconnect re-sends the same tail; each line is delivered once.
        assertThat(lines).extracting(LogEntry::message).containsExactly("started", "slow block");
    }

    @Test
    void anUpstreamCoordinatorIsReportedAndNotRetried() throws Exception {
        // Only the upstream service: Logs answers UNIMPLEMENTED.
        serve(new dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc.IndexerManagerImplBase() {
        });
        open(LogEntry.Level.TRACE, 10);

        await().atMost(Duration.ofSeconds(5)).until(() -> statuses.stream().anyMatch(s -> s.state() == LogTailStatus.State.UNSUPPORTED));
        LogTailStatus unsupported = statuses.stream().filter(s -> s.state() == LogTailStatus.State.UNSUPPORTED).findFirst().orElseThrow();
        assertThat(unsupported.message()).isEqualTo("the coordinator does not serve logs (upstream)");
        assertThat(statuses).extracting(LogTailStatus::state).doesNotContain(LogTailStatus.State.RECONNECTING);
    }

    @Test
    void closingCancelsTheServerSideStream() throws Exception {
        Streaming service = new Streaming();
        serve(service);
        open(LogEntry.Level.TRACE, 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> service.live.get() != null);

        tail.close();

        assertThat(service.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(statuses.getLast().state()).isEqualTo(LogTailStatus.State.CLOSED);
    }

    @Test
    void aDeadServerIsRetriedWithBackoff() throws Exception {
        Streaming service = new Streaming();
        serve(service);
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        open(LogEntry.Level.TRACE, 10);

        await().atMost(Duration.ofSeconds(5)).until(() -> statuses.stream()
                .filter(s -> s.state() == LogTailStatus.State.RECONNECTING).count() >= 2);
        LogTailStatus retrying = statuses.stream().filter(s -> s.state() == LogTailStatus.State.RECONNECTING).findFirst().orElseThrow();
        assertThat(retrying.message()).startsWith("UNAVAILABLE");
        assertThat(retrying.nextRetry()).isNotNull();
        assertThat(lines).isEmpty();
    }

    /** Accepts the Logs stream and sends nothing until told to. */
    private static final class Hung extends IndexerOperationsGrpc.IndexerOperationsImplBase {
        final AtomicReference<StreamObserver<LogLine>> accepted = new AtomicReference<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void logs(LogsRequest request, StreamObserver<LogLine> out) {
            calls.incrementAndGet();
            accepted.set(out);
        }
    }

    @Test
    void aServerThatAcceptsTheStreamAndNeverSendsIsReportedSilentWithinTheIdleTimeAndLiveAgainWhenItSends() throws Exception {
        Hung service = new Hung();
        serve(service);
        Duration idle = Duration.ofMillis(600);
        long opened = System.nanoTime();
        tail = new LogTail(channel, ID, LogEntry.Level.TRACE, 10, Duration.ofSeconds(2), idle,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), listener, Clock.systemUTC()).start();

        await().atMost(Duration.ofSeconds(5)).until(() -> !statuses.isEmpty() && statuses.getLast().state() == LogTailStatus.State.SILENT);
        // reported within the idle time and a quarter (its check period), plus scheduling slack
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(idle.multipliedBy(2).plusMillis(500));
        assertThat(statuses.getLast().message()).startsWith("no log line for ").contains("a hung coordinator");
        assertThat(service.calls.get()).as("a silent stream is not torn down and reopened").isEqualTo(1);
        assertThat(lines).isEmpty();

        service.accepted.get().onNext(line(5000, LogLevel.INFO, "indexed block 5000"));

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 1 && statuses.getLast().state() == LogTailStatus.State.STREAMING);
        assertThat(lines.getFirst().message()).isEqualTo("indexed block 5000");
        // silent again once the lines stop, and closing does not wait for the hung stream
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses.getLast().state() == LogTailStatus.State.SILENT);
        long closing = System.nanoTime();
        tail.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(1));
        assertThat(statuses.getLast().state()).isEqualTo(LogTailStatus.State.CLOSED);
    }

    @Test
    void theIdleTimeComesFromASystemPropertyAndABadValueFallsBackToTheDefault() {
        String before = System.getProperty(LogTail.IDLE_PROPERTY);
        try {
            System.setProperty(LogTail.IDLE_PROPERTY, "2.5");
            assertThat(LogTail.idleFromProperty()).isEqualTo(Duration.ofMillis(2500));
            System.setProperty(LogTail.IDLE_PROPERTY, "soon");
            assertThat(LogTail.idleFromProperty()).isEqualTo(LogTail.DEFAULT_IDLE);
            System.setProperty(LogTail.IDLE_PROPERTY, "-1");
            assertThat(LogTail.idleFromProperty()).isEqualTo(LogTail.DEFAULT_IDLE);
        } finally {
            if (before == null) {
                System.clearProperty(LogTail.IDLE_PROPERTY);
            } else {
                System.setProperty(LogTail.IDLE_PROPERTY, before);
            }
        }
    }
}
