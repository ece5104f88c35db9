package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The operator extension client against a real loopback server implementing indexer.IndexerOperations. */
class OperationsClientTest {

    private static final IndexerId MORGS = new IndexerId("morgs.near", "test");

    private final TestOperationsService service = new TestOperationsService();
    private TestServers.Running server;
    private ManagedChannel channel;
    private OperationsClient client;
    private Subscription subscription;

    @AfterEach
    void tearDown() throws Exception {
        if (subscription != null) {
            subscription.cancel();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void connect(Duration deadline, Duration streamRenewal) throws Exception {
        server = TestServers.start(service);
        channel = Channels.plaintext(server.target());
        client = new OperationsClient(channel, server.target(), deadline, true, null, RetryPolicy.IDEMPOTENT, streamRenewal, Clock.systemUTC());
    }

    private void connect() throws Exception {
        connect(Duration.ofSeconds(5), Duration.ofMinutes(10));
    }

    private static CallFailure failure(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            return (CallFailure) e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void commandsAndGetMapTheServersAnswers() throws Exception {
        service.put(TestOperationsService.detail("morgs.near", "test", "Repairing"));
        connect();

        OperationsClient.Outcome repaired = client.repair(MORGS).join();
        assertThat(repaired.accepted()).isTrue();
        assertThat(repaired.lifecycle()).isEqualTo(LifecycleState.INITIALIZING);

        Optional<IndexerSnapshot> got = client.get(MORGS).join();
        assertThat(got).hasValueSatisfying(s -> {
            assertThat(s.lifecycle()).isEqualTo(LifecycleState.INITIALIZING);
            assertThat(s.streamState()).isEqualTo(StreamHealth.RUNNING);
            assertThat(s.executorState()).isEqualTo(ExecutorHealth.RUNNING);
            assertThat(s.lastPublishedBlock()).isEqualTo(120_000_000L);
            assertThat(s.stateSince()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
            assertThat(s.lastError()).isNull();
        });
        assertThat(client.restart(MORGS).join().lifecycle()).isEqualTo(LifecycleState.RUNNING);
        OperationsClient.Outcome deleted = client.delete(MORGS, "abandoned test indexer").join();
        assertThat(deleted.message()).contains("abandoned test indexer");
        assertThat(deleted.lifecycle()).isEqualTo(LifecycleState.DELETING);
    }

    @Test
    void getOfAnUnknownIndexerIsEmptyAndACommandOnItIsRejected() throws Exception {
        connect();
        assertThat(client.get(new IndexerId("nobody.near", "x")).join()).isEmpty();
        CallFailure f = failure(() -> client.repair(new IndexerId("nobody.near", "x")).join());
        assertThat(f.kind()).isEqualTo(CallFailure.Kind.REJECTED);
        assertThat(f.getMessage()).contains("Indexer not found");
    }

    @Test
    void unknownStateStringsAreKeptRawAsUnknown() throws Exception {
        service.put(TestOperationsService.detail("odd.near", "x", "Hibernating").toBuilder().setStreamState("EXPLODED").setExecutorState("").build());
        connect();
        IndexerSnapshot s = client.get(new IndexerId("odd.near", "x")).join().orElseThrow();
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(s.rawLifecycle()).isEqualTo("Hibernating");
        assertThat(s.streamState()).isEqualTo(StreamHealth.UNKNOWN);
        assertThat(s.executorState()).isEqualTo(ExecutorHealth.UNKNOWN);
    }

    @Test
    void listAllWalksEveryPage() throws Exception {
        IntStream.range(0, 1203).forEach(i -> service.put(TestOperationsService.detail("acc" + String.format("%05d", i) + ".near", "f", "Running")));
        connect();
        OperationsClient.Page first = client.listPage(500, null).join();
        assertThat(first.indexers()).hasSize(500);
        assertThat(first.nextPageToken()).isEqualTo("500");

        List<IndexerSnapshot> all = client.listAll(500).join();
        assertThat(all).hasSize(1203);
        assertThat(all.getFirst().id().accountId()).isEqualTo("acc00000.near");
        assertThat(all.getLast().id().accountId()).isEqualTo("acc01202.near");
        assertThat(service.calls("List")).isEqualTo(1 + 3);
    }

    @Test
    void anUpstreamCoordinatorAnswersUnimplementedAndTheMessageSaysWhy() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry());
        client = OperationsClient.open(Endpoint.plaintext(server.target()));
        CallFailure f = failure(() -> client.repair(MORGS).join());
        assertThat(f.kind()).isEqualTo(CallFailure.Kind.UNIMPLEMENTED);
        assertThat(f.getMessage()).contains("does not implement Repair").contains("upstream-only");
    }

    @Test
    void readsAreRetriedOnUnavailable() throws Exception {
        service.put(TestOperationsService.detail("morgs.near", "test", "Running"));
        connect();
        service.failNextWithUnavailable(2);
        assertThat(client.get(MORGS).join()).isPresent();
        assertThat(service.calls("Get")).isEqualTo(3);
    }

    @Test
    void retriesAreBoundedAndEndWithTheFailure() throws Exception {
        connect();
        service.failNextWithUnavailable(100);
        CallFailure f = failure(() -> client.listPage(1, null).join());
        assertThat(f.kind()).isEqualTo(CallFailure.Kind.UNREACHABLE);
        assertThat(service.calls("List")).isEqualTo(RetryPolicy.IDEMPOTENT.maxAttempts());
    }

    @Test
    void deleteRepairAndRestartReachTheServerExactlyOnceEvenWhenUnavailable() throws Exception {
        service.put(TestOperationsService.detail("morgs.near", "test", "Repairing"));
        connect();
        service.failNextWithUnavailable(100);
        assertThat(failure(() -> client.delete(MORGS, "cleanup").join()).kind()).isEqualTo(CallFailure.Kind.UNREACHABLE);
        assertThat(failure(() -> client.repair(MORGS).join()).kind()).isEqualTo(CallFailure.Kind.UNREACHABLE);
        assertThat(failure(() -> client.restart(MORGS).join()).kind()).isEqualTo(CallFailure.Kind.UNREACHABLE);
        assertThat(service.calls("Delete")).isEqualTo(1);
        assertThat(service.calls("Repair")).isEqualTo(1);
        assertThat(service.calls("Restart")).isEqualTo(1);
    }

    @Test
    void retriesStayWithinTheOverallDeadline() throws Exception {
        connect(Duration.ofMillis(400), Duration.ofMinutes(10));
        service.failNextWithUnavailable(100);
        long start = System.nanoTime();
        failure(() -> client.listPage(1, null).join());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    /** Collects what a Watch delivers. */
    private static final class Recorder implements WatchListener {
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final List<IndexerId> ids = new CopyOnWriteArrayList<>();
        final List<Instant> nextTries = new CopyOnWriteArrayList<>();
        final AtomicInteger resyncs = new AtomicInteger();
        final AtomicInteger connects = new AtomicInteger();

        @Override
        public void onEvent(Event event) {
            sequences.add(event.sequence());
            ids.add(event.id());
        }

        @Override
        public void onResyncRequired() {
            resyncs.incrementAndGet();
            sequences.clear();
            ids.clear();
        }

        @Override
        public void onConnected(long afterSequence) {
            connects.incrementAndGet();
        }

        @Override
        public void onReconnecting(CallFailure failure, Instant nextTry) {
            nextTries.add(nextTry);
        }
    }

    @Test
    void watchResumesFromTheLastSequenceAfterTheServerComesBack() throws Exception {
        service.put(TestOperationsService.detail("a.near", "one", "Running"));
        connect();
        Recorder rec = new Recorder();
        subscription = client.watch(0, rec);
        await().until(() -> rec.ids.contains(new IndexerId("a.near", "one")));
        service.put(TestOperationsService.detail("a.near", "two", "Initializing"));
        await().until(() -> rec.sequences.contains(2L));

        // the coordinator restarts on the same port; changes happen while the console is cut off
        int port = server.server().getPort();
        service.dropWatchers();
        server.close();
        service.put(TestOperationsService.detail("a.near", "three", "Initializing"));
        service.put(TestOperationsService.detail("a.near", "two", "Running"));
        await().until(() -> !rec.nextTries.isEmpty());
        server = TestServers.start(io.grpc.InsecureServerCredentials.create(), port, service);

        await().atMost(Duration.ofSeconds(30)).until(() -> rec.sequences.contains(4L));
        assertThat(service.watchRequests).first().isEqualTo(0L);
        assertThat(service.watchRequests).last().isEqualTo(2L);
        assertThat(rec.sequences).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rec.nextTries).allSatisfy(t -> assertThat(t).isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void watchTooFarBehindResyncsFromAFullSnapshot() throws Exception {
        for (int i = 0; i < 5; i++) {
            service.put(TestOperationsService.detail("a.near", "f" + i, "Running"));
        }
        service.forgetHistoryBefore(4);
        connect();
        Recorder rec = new Recorder();
        subscription = client.watch(1, rec);
        await().until(() -> rec.resyncs.get() == 1 && rec.ids.size() == 5);
        assertThat(service.watchRequests).containsExactly(1L, 0L);
        assertThat(rec.sequences).containsOnly(5L);
    }

    @Test
    void aResyncInTheMiddleOfAStreamIsReportedAndFollowedByTheSnapshot() throws Exception {
        service.put(TestOperationsService.detail("a.near", "keep", "Running"));
        service.put(TestOperationsService.detail("a.near", "gone", "Running"));
        connect();
        Recorder rec = new Recorder();
        subscription = client.watch(0, rec);
        await().until(() -> rec.ids.size() == 2);
        service.removeSilentlyAndResyncWatchers("a.near", "gone");
        await().until(() -> rec.resyncs.get() == 1 && rec.ids.size() == 1);
        assertThat(rec.ids).containsExactly(new IndexerId("a.near", "keep"));
        service.put(TestOperationsService.detail("a.near", "new", "Initializing"));
        await().until(() -> rec.ids.contains(new IndexerId("a.near", "new")));
        assertThat(service.watchRequests).containsExactly(0L);
        assertThat(rec.nextTries).isEmpty();
    }

    @Test
    void aWatchStreamIsRenewedWhenItsDeadlinePassesWithoutTheListenerNoticing() throws Exception {
        connect(Duration.ofSeconds(5), Duration.ofMillis(300));
        Recorder rec = new Recorder();
        subscription = client.watch(0, rec);
        await().until(() -> service.watchRequests.size() >= 3);
        service.put(TestOperationsService.detail("late.near", "x", "Running"));
        await().until(() -> rec.ids.contains(new IndexerId("late.near", "x")));
        assertThat(rec.nextTries).isEmpty();
    }

    @Test
    void watchOnAnUpstreamCoordinatorStopsWithTheReason() throws Exception {
        server = TestServers.start(new ChannelSecurityTest.Registry());
        client = OperationsClient.open(Endpoint.plaintext(server.target()));
        List<CallFailure> stopped = new CopyOnWriteArrayList<>();
        subscription = client.watch(0, new WatchListener() {
            @Override
            public void onEvent(Event event) {
            }

            @Override
            public void onStopped(CallFailure failure) {
                stopped.add(failure);
            }
        });
        await().until(() -> !stopped.isEmpty());
        assertThat(stopped.getFirst().kind()).isEqualTo(CallFailure.Kind.UNIMPLEMENTED);
    }

    @Test
    void logsSendTheTailAtTheMinimumLevelAndStopWhenCancelled() throws Exception {
        for (int i = 0; i < 10; i++) {
            service.addLog(LogLine.newBuilder().setTimestampUnixMs(1_700_000_000_000L + i).setMessage("line " + i)
                    .setLevel(i % 2 == 0 ? LogLevel.DEBUG : LogLevel.ERROR).setBlockHeight(100 + i).build());
        }
        connect();
        List<LogListener.Line> lines = new CopyOnWriteArrayList<>();
        Subscription logs = client.logs(MORGS, LogListener.Level.WARN, 3, lines::add);
        await().until(() -> lines.size() == 3);
        assertThat(lines).extracting(LogListener.Line::message).containsExactly("line 5", "line 7", "line 9");
        assertThat(lines).allSatisfy(l -> assertThat(l.level()).isEqualTo(LogListener.Level.ERROR));
        assertThat(lines.getFirst().blockHeight()).isEqualTo(105);
        logs.cancel();
        await().until(() -> service.cancelledStreams.get() == 1);
    }

    @Test
    void noCallOutlivesItsDeadline() throws Exception {
        Server silent = io.grpc.Grpc.newServerBuilderForPort(0, io.grpc.InsecureServerCredentials.create())
                .addService(new dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc.IndexerOperationsImplBase() {
                    @Override
                    public void get(dev.watchkeeper.connectors.proto.indexer.IndexerRequest r,
                                    io.grpc.stub.StreamObserver<dev.watchkeeper.connectors.proto.indexer.IndexerDetail> out) {
                        // never answers
                    }
                }).build().start();
        try (OperationsClient c = OperationsClient.open(Endpoint.plaintext("127.0.0.1:" + silent.getPort()).withDeadline(Duration.ofMillis(300)))) {
            CallFailure f = failure(() -> c.get(MORGS).join());
            assertThat(f.kind()).isEqualTo(CallFailure.Kind.OUTCOME_UNKNOWN);
            assertThat(f.getMessage()).contains("within 0.3 s");
        } finally {
            silent.shutdownNow();
        }
    }
}
