package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.connectors.redis.RedisFleetReader;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import io.grpc.ManagedChannel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One command end to end: a real gRPC coordinator on loopback writes the resulting lifecycle to a
 * real Redis, a RedisFleetReader observes it, and the runner decides the outcome from that.
 */
class CommandRunnerTest {

    private static LocalRedisServer redisServer;
    private static RedisClient redisClient;
    private static RedisCommands<String, String> redis;

    @TempDir
    Path dir;
    private TestCoordinator coordinator;
    private ManagedChannel channel;
    private RedisFleetReader reader;
    private CommandRunner runner;
    private AuditLog audit;
    private final ObservedStates observed = new ObservedStates();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void redis() {
        redisServer = LocalRedisServer.start();
        redisClient = RedisClient.create(redisServer.uri());
        redis = redisClient.connect().sync();
    }

    @AfterAll
    static void stopRedis() {
        redisClient.shutdown();
        redisServer.close();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        later.shutdownNow();
        runner.close();
        reader.close();
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        coordinator.close();
        redis.flushall();
    }

    private static void state(String fullName, String lifecycle, boolean enabled) {
        String key = fullName + ":state";
        redis.set(key, "{\"account_id\":\"" + fullName.substring(0, fullName.indexOf('/')) + "\",\"function_name\":\""
                + fullName.substring(fullName.indexOf('/') + 1) + "\",\"block_stream_synced_at\":null,\"enabled\":" + enabled
                + ",\"lifecycle_state\":\"" + lifecycle + "\"}");
        redis.sadd("indexer_states", key);
    }

    private void start(boolean extension, Duration deadline, Duration confirmTimeout, Path auditFile) throws Exception {
        coordinator = new TestCoordinator(extension);
        // The coordinator applies Disable as upstream does: Suspending now, Suspended a moment later.
        coordinator.effect = (rpc, id) -> {
            switch (rpc) {
                case "Disable" -> {
                    state(id, "Suspending", false);
                    later.schedule(() -> state(id, "Suspended", false), 150, TimeUnit.MILLISECONDS);
                }
                case "Enable" -> state(id, "Running", true);
                case "Delete" -> state(id, "Deleting", true);
                case "Repair" -> state(id, "Initializing", true);
                default -> {
                    // Restart leaves the lifecycle as it is
                }
            }
        };
        channel = Channels.plaintext(coordinator.target());
        reader = new RedisFleetReader(RedisURI.create(redisServer.uri()), Duration.ofMillis(200), observed);
        reader.start();
        audit = new AuditLog(auditFile);
        runner = new CommandRunner(new GrpcCommandGateway(channel, deadline, false), observed, audit, "test-profile",
                confirmTimeout, Duration.ofMillis(50), java.time.Clock.systemUTC());
    }

    private void startDefault() throws Exception {
        start(true, Duration.ofSeconds(5), Duration.ofSeconds(10), dir.resolve("audit.jsonl"));
    }

    private void awaitObserved(String fullName, String lifecycle) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var s = observed.apply(IndexerId.parse(fullName));
            return s != null && s.lifecycleText().equals(lifecycle);
        });
    }

    private static CommandOutcome get(CompletableFuture<CommandOutcome> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aReadOnlyGatewayIsRefusedBeforeAnythingIsSentAndTheRefusalIsAudited() throws Exception {
        state("morgs.near/feed v2/x", "Running", true);
        startDefault();
        awaitObserved("morgs.near/feed v2/x", "Running");
        runner.close();
        runner = new CommandRunner(new GrpcCommandGateway(channel, Duration.ofSeconds(5), true), observed, audit, "test-profile",
                Duration.ofSeconds(10), Duration.ofMillis(50), java.time.Clock.systemUTC());

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("morgs.near/feed v2/x"), "", p -> {
        }));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.UNAVAILABLE);
        assertThat(o.detail()).contains("read-only");
        assertThat(coordinator.calls).isEmpty();
        assertThat(audit.read(null)).extracting(AuditEntry::outcome).containsExactly("UNAVAILABLE");
    }

    @Test
    void suspendIsConfirmedOnlyOnceSuspendedIsObservedAndBothStepsAreAudited() throws Exception {
        state("morgs.near/feed v2/x", "Running", true);
        startDefault();
        awaitObserved("morgs.near/feed v2/x", "Running");
        List<CommandProgress> stages = new CopyOnWriteArrayList<>();

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("morgs.near/feed v2/x"), "", stages::add));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.CONFIRMED);
        assertThat(o.detail()).isEqualTo("state is Suspended");
        assertThat(stages).containsExactly(CommandProgress.SENDING, CommandProgress.WAITING_FOR_STATE);
        List<AuditEntry> entries = audit.read(null);
        assertThat(entries).extracting(AuditEntry::outcome).containsExactly("SENDING", "CONFIRMED");
        assertThat(entries.get(1).targets()).containsExactly("morgs.near/feed v2/x");
        assertThat(entries.get(1).command()).isEqualTo("Suspend");
        assertThat(entries.get(1).profile()).isEqualTo("test-profile");
        assertThat(entries.get(1).user()).isEqualTo(System.getProperty("user.name"));
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aDetailPrefixMarksEveryEntryAndDecisionsWithoutSendingAreRecorded() throws Exception {
        state("c.near/cli", "Running", true);
        startDefault();
        runner.close();
        runner = new CommandRunner(new GrpcCommandGateway(channel, Duration.ofSeconds(5), false), observed, audit, "test-profile",
                Duration.ofSeconds(10), Duration.ofMillis(50), java.time.Clock.systemUTC(), "CLI: ");
        awaitObserved("c.near/cli", "Running");

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("c.near/cli"), "", p -> {
        }));
        runner.recordNotSent(CommandKind.UNSUSPEND, List.of(IndexerId.parse("c.near/cli")), null,
                dev.watchkeeper.model.audit.AuditOutcome.FAILED, "no such indexer; not sent");

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.CONFIRMED);
        assertThat(audit.read(null)).extracting(AuditEntry::outcome, AuditEntry::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SENDING", "CLI: sending to the coordinator"),
                org.assertj.core.groups.Tuple.tuple("CONFIRMED", "CLI: state is Suspended"),
                org.assertj.core.groups.Tuple.tuple("FAILED", "CLI: no such indexer; not sent"));
        assertThat(observed.all()).containsKey(IndexerId.parse("c.near/cli"));
    }

    @Test
    void deleteSendsTheReasonAndIsConfirmedByDeleting() throws Exception {
        state("a.near/old", "Running", true);
        startDefault();
        awaitObserved("a.near/old", "Running");

        CommandOutcome o = get(runner.run(CommandKind.DELETE, IndexerId.parse("a.near/old"), "abandoned", p -> { }));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.CONFIRMED);
        assertThat(o.observed()).isEqualTo("Deleting");
        assertThat(coordinator.deleteReasons).containsExactly("abandoned");
        assertThat(audit.read(null).getLast().reason()).isEqualTo("abandoned");
        assertThat(audit.read(null).getLast().outcome()).isEqualTo("CONFIRMED");
    }

    @Test
    void aStateThatNeverConfirmsFailsWithTheObservedState() throws Exception {
        state("a.near/stuck", "Running", true);
        start(true, Duration.ofSeconds(5), Duration.ofMillis(800), dir.resolve("audit.jsonl"));
        coordinator.effect = (rpc, id) -> state(id, "Suspending", false);
        awaitObserved("a.near/stuck", "Running");

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("a.near/stuck"), "", p -> { }));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.FAILED);
        assertThat(o.detail()).isEqualTo("not confirmed within 0.8 s; state is Suspending (expected Suspended)");
        assertThat(audit.read(null).getLast().outcome()).isEqualTo("FAILED");
        assertThat(audit.read(null).getLast().detail()).contains("state is Suspending");
    }

    @Test
    void aDeadlineHitAfterSendingIsUnknownThenCheckedAgainstTheObservedState() throws Exception {
        state("a.near/slow", "Running", true);
        start(true, Duration.ofMillis(400), Duration.ofSeconds(10), dir.resolve("audit.jsonl"));
        // Connect first, so the short deadline passes after sending, not while connecting.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> channel.getState(true) == io.grpc.ConnectivityState.READY);
        coordinator.answer = TestCoordinator.Answer.HANG;
        awaitObserved("a.near/slow", "Running");
        List<CommandProgress> stages = new CopyOnWriteArrayList<>();

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("a.near/slow"), "", stages::add));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.UNKNOWN);
        assertThat(o.detail()).contains("did not answer Disable within 0.4 s", "afterwards the observed state is Suspended, which confirms it");
        assertThat(stages).containsExactly(CommandProgress.SENDING, CommandProgress.WATCHING_UNKNOWN);
        assertThat(coordinator.calls).hasSize(1);
        assertThat(audit.read(null).getLast().outcome()).isEqualTo("UNKNOWN");
    }

    @Test
    void refusedUnimplementedAndUnreachableAreReportedAsSuch() throws Exception {
        state("a.near/x", "Running", true);
        start(false, Duration.ofSeconds(5), Duration.ofSeconds(5), dir.resolve("audit.jsonl"));
        awaitObserved("a.near/x", "Running");
        IndexerId id = IndexerId.parse("a.near/x");

        CommandOutcome upstream = get(runner.run(CommandKind.RESTART, id, "", p -> { }));
        assertThat(upstream.status()).isEqualTo(CommandOutcome.Status.UNAVAILABLE);
        assertThat(upstream.detail()).contains("does not implement Restart");

        coordinator.answer = TestCoordinator.Answer.NOT_FOUND;
        CommandOutcome missing = get(runner.run(CommandKind.SUSPEND, id, "", p -> { }));
        assertThat(missing.status()).isEqualTo(CommandOutcome.Status.REJECTED);
        assertThat(missing.detail()).contains("Indexer not found");

        coordinator.stop();
        CommandOutcome down = get(runner.run(CommandKind.SUSPEND, id, "", p -> { }));
        assertThat(down.status()).isEqualTo(CommandOutcome.Status.FAILED);
        assertThat(down.detail()).startsWith("not sent: ").contains("unreachable");
        assertThat(audit.read(null)).extracting(AuditEntry::outcome)
                .containsExactly("SENDING", "UNAVAILABLE", "SENDING", "REJECTED", "SENDING", "FAILED");
    }

    @Test
    void aCommandWhoseAttemptCannotBeAuditedIsNotSent() throws Exception {
        state("a.near/x", "Running", true);
        Path notWritable = dir.resolve("blocked");
        Files.createDirectories(notWritable.resolve("audit.jsonl"));
        start(true, Duration.ofSeconds(5), Duration.ofSeconds(5), notWritable.resolve("audit.jsonl"));

        CommandOutcome o = get(runner.run(CommandKind.DELETE, IndexerId.parse("a.near/x"), "r", p -> { }));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.FAILED);
        assertThat(o.detail()).startsWith("not sent: cannot write the audit log");
        assertThat(coordinator.calls).isEmpty();
    }

    @Test
    void aCommandIsNotSentWhenTheDiskIsFullAndTheMessageSaysSo() throws Exception {
        state("a.near/x", "Running", true);
        // the audit log is /dev/full: opening it works, every write fails with ENOSPC, as on a full disk
        Path full = dir.resolve("full");
        Files.createDirectories(full);
        Files.createSymbolicLink(full.resolve("audit.jsonl"), Path.of("/dev/full"));
        start(true, Duration.ofSeconds(5), Duration.ofSeconds(5), full.resolve("audit.jsonl"));
        awaitObserved("a.near/x", "Running");

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("a.near/x"), "r", p -> { }));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.FAILED);
        assertThat(o.detail()).startsWith("not sent: cannot write the audit log " + full.resolve("audit.jsonl").toAbsolutePath())
                .endsWith("No space left on device");
        assertThat(coordinator.calls).isEmpty();
    }

    @Test
    void aCommandIsNotSentWhenTheDataDirectoryIsAFileAndTheMessageSaysSo() throws Exception {
        state("a.near/x", "Running", true);
        Path dataDir = dir.resolve("data");
        Files.writeString(dataDir, "not a directory");
        start(true, Duration.ofSeconds(5), Duration.ofSeconds(5), dataDir.resolve("audit.jsonl"));
        awaitObserved("a.near/x", "Running");

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("a.near/x"), "r", p -> { }));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.FAILED);
        assertThat(o.detail()).isEqualTo("not sent: cannot write the audit log " + dataDir.resolve("audit.jsonl").toAbsolutePath()
                + ": " + dataDir.toAbsolutePath() + " exists and is not a directory");
        assertThat(coordinator.calls).isEmpty();
    }

    @Test
    void aDataDirectoryReplacedByAFileWhileRunningStopsTheNextCommandFromBeingSent() throws Exception {
        state("a.near/x", "Running", true);
        state("a.near/y", "Running", true);
        Path dataDir = dir.resolve("data");
        start(true, Duration.ofSeconds(5), Duration.ofSeconds(5), dataDir.resolve("audit.jsonl"));
        awaitObserved("a.near/x", "Running");
        assertThat(get(runner.run(CommandKind.SUSPEND, IndexerId.parse("a.near/x"), "r", p -> { })).status())
                .isEqualTo(CommandOutcome.Status.CONFIRMED);
        int sent = coordinator.calls.size();

        // the directory goes away under the console (a cleanup, an unmounted volume) and a file takes its path
        try (var files = Files.walk(dataDir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(dataDir, "");

        CommandOutcome o = get(runner.run(CommandKind.SUSPEND, IndexerId.parse("a.near/y"), "r", p -> { }));

        assertThat(o.status()).isEqualTo(CommandOutcome.Status.FAILED);
        assertThat(o.detail()).startsWith("not sent: cannot write the audit log").endsWith("exists and is not a directory");
        assertThat(coordinator.calls).hasSize(sent);
    }

    @Test
    void bulkSendsInOrderWithBoundedConcurrencyAndCancelStopsFurtherSending() throws Exception {
        List<IndexerId> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            state("bulk.near/f" + i, "Running", true);
            ids.add(IndexerId.parse("bulk.near/f" + i));
        }
        startDefault();
        AtomicInteger unconfirmed = new AtomicInteger();
        AtomicInteger maxUnconfirmed = new AtomicInteger();
        coordinator.effect = (rpc, id) -> {
            maxUnconfirmed.accumulateAndGet(unconfirmed.incrementAndGet(), Math::max);
            state(id, "Suspending", false);
            later.schedule(() -> {
                unconfirmed.decrementAndGet();
                state(id, "Suspended", false);
            }, 300, TimeUnit.MILLISECONDS);
        };
        for (IndexerId id : ids) {
            awaitObserved(id.fullName(), "Running");
        }

        Map<IndexerId, CommandOutcome> all = new BulkCommandRun(runner, CommandKind.SUSPEND, ids.subList(0, 6), "", 2,
                (id, o) -> { }).start().get(30, TimeUnit.SECONDS);
        assertThat(all.keySet()).containsExactlyElementsOf(ids.subList(0, 6));
        assertThat(all.values()).allMatch(CommandOutcome::confirmed);
        assertThat(maxUnconfirmed.get()).isLessThanOrEqualTo(2);
        assertThat(coordinator.calls).containsExactlyInAnyOrder(ids.subList(0, 6).stream().map(i -> "Disable " + i.fullName()).toArray(String[]::new));

        // Cancel after the first outcome: the item in flight is followed, nothing further is sent.
        state("bulk.near/f0", "Running", true);
        state("bulk.near/f1", "Running", true);
        awaitObserved("bulk.near/f1", "Running");
        coordinator.calls.clear();
        List<IndexerId> three = List.of(ids.get(0), ids.get(1), ids.get(6), ids.get(7));
        BulkCommandRun[] run = new BulkCommandRun[1];
        run[0] = new BulkCommandRun(runner, CommandKind.SUSPEND, three, "", 1, (id, o) -> {
            if (id.equals(ids.get(0))) {
                run[0].cancel();
            }
        });
        Map<IndexerId, CommandOutcome> cancelled = run[0].start().get(30, TimeUnit.SECONDS);
        assertThat(cancelled.get(ids.get(0)).status()).isEqualTo(CommandOutcome.Status.CONFIRMED);
        assertThat(coordinator.calls.size()).isLessThanOrEqualTo(2);
        assertThat(cancelled.get(ids.get(7)).status()).isEqualTo(CommandOutcome.Status.CANCELLED);
        AuditEntry last = audit.read(null).stream().filter(e -> e.outcome().equals("CANCELLED")).findFirst().orElseThrow();
        assertThat(last.targets()).contains("bulk.near/f7");
        assertThat(audit.verify().intact()).isTrue();
    }
}
