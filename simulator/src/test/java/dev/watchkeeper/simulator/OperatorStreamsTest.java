package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.IndexerEvent;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageResponse;
import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.indexer.LogsRequest;
import dev.watchkeeper.connectors.proto.indexer.WatchRequest;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Context;
import io.grpc.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Watch (resumable by sequence number), Logs (level, tail, live) and paged List of the operator extension. */
class OperatorStreamsTest extends SimulatorIT {

    @BeforeAll
    static void smallHistory() {
        // a short Watch history, so a client that comes back too late is told to resync
        startStack(SimConfig.defaults().withIndexers(40).withTimeFactor(100).withProjectsPerEpoch(20).withWatchHistory(60));
    }

    private static IndexerOperationsGrpc.IndexerOperationsBlockingStub streaming() {
        return IndexerOperationsGrpc.newBlockingStub(coordinatorChannel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** Reads events until {@code done} says stop, inside a cancellable context. */
    private static List<IndexerEvent> watch(long after, java.util.function.Predicate<List<IndexerEvent>> done) {
        List<IndexerEvent> seen = new ArrayList<>();
        try (Context.CancellableContext ctx = Context.current().withCancellation()) {
            ctx.run(() -> {
                Iterator<IndexerEvent> it = streaming().watch(WatchRequest.newBuilder().setAfterSequence(after).build());
                while (!done.test(seen) && it.hasNext()) {
                    seen.add(it.next());
                }
            });
        }
        return seen;
    }

    @Test
    void watchStartsWithASnapshotThenStreamsNumberedChangesAndResumes() {
        int fleet = demo.indexers().size();
        IndexerId id = freshRunningIndexer();
        List<IndexerEvent> snapshot = watch(0, seen -> seen.size() >= fleet);
        assertThat(snapshot).hasSize(fleet).extracting(IndexerEvent::getSequence).containsOnly(snapshot.getFirst().getSequence());
        long from = snapshot.getFirst().getSequence();

        manager().disable(request(id));
        List<IndexerEvent> changes = watch(from, seen -> seen.stream().anyMatch(e ->
                e.getIndexer().getFunctionName().equals(id.functionName()) && e.getIndexer().getAccountId().equals(id.accountId())
                        && e.getIndexer().getLifecycleState().equals("Suspended")));
        assertThat(changes).extracting(IndexerEvent::getSequence).isSorted().doesNotHaveDuplicates();
        assertThat(changes.getFirst().getSequence()).isEqualTo(from + 1);
        assertThat(changes).anySatisfy(e -> {
            assertThat(e.getIndexer().getAccountId()).isEqualTo(id.accountId());
            assertThat(e.getIndexer().getEnabled()).isFalse();
        });

        // a reconnecting client continues exactly after the last sequence it saw
        long resumeAfter = changes.get(changes.size() / 2).getSequence();
        manager().enable(request(id));
        List<IndexerEvent> resumed = watch(resumeAfter, seen -> seen.size() >= 1);
        assertThat(resumed.getFirst().getSequence()).isEqualTo(resumeAfter + 1);
        assertThat(resumed.getFirst()).isEqualTo(changes.get(changes.size() / 2 + 1));
    }

    @Test
    void aClientBehindTheKeptHistoryIsToldToResync() {
        long start = watch(0, seen -> seen.size() >= 1).getFirst().getSequence();
        // more changes than the 60 kept events
        demo.churn(300);
        try {
            await().atMost(WAIT).until(() -> demo.simulation().history().lastSequence() > start + 120);
        } finally {
            demo.churn(0);
        }
        List<IndexerEvent> events = watch(start, seen -> seen.size() >= 2);
        assertThat(events.getFirst().getResyncRequired()).isTrue();
        assertThat(events.get(1).hasIndexer()).as("a fresh snapshot follows").isTrue();
    }

    @Test
    void logsSendTheTailAtTheMinimumLevelThenLiveLines() {
        IndexerId id = freshRunningIndexer();
        demo.faults().executorFailing(id);
        await().atMost(WAIT).until(() -> detail(id).getLastError().startsWith("Error processing block"));
        List<LogLine> errors = new ArrayList<>();
        try (Context.CancellableContext ctx = Context.current().withCancellation()) {
            ctx.run(() -> {
                Iterator<LogLine> it = streaming().logs(LogsRequest.newBuilder().setAccountId(id.accountId())
                        .setFunctionName(id.functionName()).setMinLevel(LogLevel.WARN).setTail(1).build());
                // the one tail line, then the next retry failing live (every 10 upstream seconds)
                while (errors.size() < 3 && it.hasNext()) {
                    errors.add(it.next());
                }
            });
        }
        assertThat(errors).extracting(LogLine::getLevel).allMatch(l -> l == LogLevel.WARN || l == LogLevel.ERROR);
        assertThat(errors).anySatisfy(l -> assertThat(l.getMessage()).startsWith("Error processing block"));
        assertThat(errors).extracting(LogLine::getTimestampUnixMs).isSorted();

        List<LogLine> all = new ArrayList<>();
        try (Context.CancellableContext ctx = Context.current().withCancellation()) {
            ctx.run(() -> {
                Iterator<LogLine> it = streaming().logs(LogsRequest.newBuilder().setAccountId(id.accountId())
                        .setFunctionName(id.functionName()).setTail(50).build());
                while (all.size() < 50 && it.hasNext()) {
                    all.add(it.next());
                }
            });
        }
        assertThat(all).extracting(LogLine::getLevel).contains(LogLevel.INFO, LogLevel.ERROR);
        assertThat(messageOf(() -> streaming().logs(LogsRequest.newBuilder().setAccountId("nobody.near").setFunctionName("x").build()).hasNext()))
                .isEqualTo("Indexer not found");
    }

    @Test
    void listPagesThroughTheWholeFleetWithCursors() {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListPageResponse page = ops().list(ListPageRequest.newBuilder().setPageSize(7).setPageToken(token).build());
            assertThat(page.getIndexersCount()).isLessThanOrEqualTo(7);
            page.getIndexersList().forEach(d -> {
                seen.add(d.getAccountId() + "/" + d.getFunctionName());
                order.add(d.getAccountId() + "\u0000" + d.getFunctionName());
            });
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(seen).hasSize(demo.indexers().size());
        assertThat(order).isSorted();
        assertThat(pages).isEqualTo((demo.indexers().size() + 6) / 7);
        assertThat(codeOf(() -> ops().list(ListPageRequest.newBuilder().setPageToken("garbage!").build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void theBlockStreamerAndRunnerGoDownAndComeBackOnTheirPortsWhileStreamsKeepPublishing() {
        IndexerId id = freshRunningIndexer();
        demo.faults().blockStreamerUp(false);
        demo.faults().runnerUp(false);
        try {
            assertThat(demo.faults().blockStreamerAlive()).isFalse();
            assertThat(codeOf(() -> listedStreams())).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(codeOf(() -> listedExecutors())).isEqualTo(Status.Code.UNAVAILABLE);
            long height = Long.parseLong(redis.get(id.lastPublishedBlockKey()));
            await().atMost(WAIT).until(() -> Long.parseLong(redis.get(id.lastPublishedBlockKey())) > height + 5);
        } finally {
            demo.faults().blockStreamerUp(true);
            demo.faults().runnerUp(true);
        }
        assertThat(demo.faults().runnerAlive()).isTrue();
        await().atMost(WAIT).ignoreExceptions().until(() -> listedStreams() > 0 && listedExecutors() > 0);
    }

    @Test
    void coordinatorFaultsSlowAndKillTheApiButNotTheStreams() {
        demo.faults().slowCoordinator(Duration.ofMillis(700));
        try {
            assertThat(codeOf(() -> ops().withDeadlineAfter(200, TimeUnit.MILLISECONDS).get(request(freshRunningIndexer()))))
                    .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        } finally {
            demo.faults().slowCoordinator(Duration.ZERO);
        }
        IndexerId id = freshRunningIndexer();
        demo.faults().killCoordinator();
        try {
            assertThat(codeOf(() -> manager().list(dev.watchkeeper.connectors.proto.indexer.Empty.getDefaultInstance())))
                    .isEqualTo(Status.Code.UNAVAILABLE);
            long height = Long.parseLong(redis.get(id.lastPublishedBlockKey()));
            await().atMost(WAIT).until(() -> Long.parseLong(redis.get(id.lastPublishedBlockKey())) > height + 5);
            assertThat(stream(id).getStreamId()).isNotEmpty();
        } finally {
            demo.faults().reviveCoordinator();
        }
        await().atMost(WAIT).ignoreExceptions().until(() -> detail(id).getLifecycleState().equals("Running"));
    }

    @Test
    void whileRedisIsDownCommandsAnswerInternalAndEverythingIsRewrittenWhenItIsBack() {
        IndexerId id = freshRunningIndexer();
        redisServer.stop();
        try {
            Status status = Status.fromThrowable(org.assertj.core.api.Assertions.catchThrowable(
                    () -> manager().withDeadlineAfter(8, TimeUnit.SECONDS).disable(request(id))));
            assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
            assertThat(status.getDescription()).isNotBlank();
        } finally {
            redisServer.restart();
        }
        await().atMost(WAIT).ignoreExceptions().until(() -> redis.scard("indexer_states") == demo.indexers().size()
                && state(id) != null);
    }

    @Test
    void restartedRedisIsRefilled() {
        IndexerId id = freshRunningIndexer();
        long before = redis.scard("indexer_states");
        demo.faults().restartRedis();
        await().atMost(WAIT).ignoreExceptions().until(() -> redis.scard("indexer_states") == before
                && redis.get(id.stateKey()) != null && redis.get(id.lastPublishedBlockKey()) != null);
    }
}
