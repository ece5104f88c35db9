package dev.watchkeeper.bench.soak;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.audit.AuditOutcome;
import dev.watchkeeper.connectors.redis.StateJsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's checks fail when they should: a diverged model, a missing or doubled audit outcome, a broken chain, growth. */
class SoakChecksTest {

    private static final IndexerId A = IndexerId.parse("alice.near/feed");
    private static final IndexerId B = IndexerId.parse("bob.near/swaps");

    private static String json(IndexerId id, String lifecycle, boolean enabled) {
        return "{\"account_id\":\"" + id.accountId() + "\",\"function_name\":\"" + id.functionName()
                + "\",\"block_stream_synced_at\":100,\"enabled\":" + enabled + ",\"lifecycle_state\":\"" + lifecycle + "\"}";
    }

    private static ModelCheck.Held held(IndexerId id, String lifecycle, String block, long len) {
        return new ModelCheck.Held(json(id, lifecycle, true), block, len);
    }

    private static ModelCheck.Shown shownAs(ModelCheck.Held h, IndexerId id) {
        return new ModelCheck.Shown(StateJsonParser.parse(id, h.state()), Long.valueOf(h.lastPublished()), h.streamLength());
    }

    @Test
    void aModelThatEqualsRedisPassesAndEveryFieldIsCompared() {
        Map<IndexerId, ModelCheck.Held> redis = Map.of(A, held(A, "Running", "500", 3), B, held(B, "Suspended", "40", 0));
        Map<IndexerId, ModelCheck.Shown> model = Map.of(A, shownAs(redis.get(A), A), B, shownAs(redis.get(B), B));

        ModelCheck.Result r = ModelCheck.compare(redis, model, redis, Set.of());

        assertThat(r.ok()).isTrue();
        assertThat(r.compared()).isEqualTo(8);
        assertThat(r.unsettled()).isZero();
    }

    @Test
    void aDivergedStateAMissingRowAnExtraRowAndAStaleProgressFail() {
        IndexerId ghost = IndexerId.parse("gone.near/old");
        Map<IndexerId, ModelCheck.Held> redis = Map.of(A, held(A, "Running", "500", 3), B, held(B, "Suspended", "40", 0));
        Map<IndexerId, ModelCheck.Shown> model = new HashMap<>();
        // A shown as Suspended with last block 499: two fields behind Redis
        model.put(A, new ModelCheck.Shown(StateJsonParser.parse(A, json(A, "Suspended", true)), 499L, 3L));
        model.put(ghost, new ModelCheck.Shown(IndexerState.of(ghost, LifecycleState.RUNNING, true), 1L, 0L));

        ModelCheck.Result r = ModelCheck.compare(redis, model, redis, Set.of());

        assertThat(r.ok()).isFalse();
        assertThat(r.mismatched()).isEqualTo(4);
        assertThat(r.mismatches()).anySatisfy(m -> assertThat(m).startsWith("alice.near/feed: state differs: lifecycle RUNNING in Redis, SUSPENDED shown"))
                .anySatisfy(m -> assertThat(m).isEqualTo("alice.near/feed: last published block 500 in Redis, 499 shown"))
                .anySatisfy(m -> assertThat(m).isEqualTo("bob.near/swaps: listed in Redis, not shown"))
                .anySatisfy(m -> assertThat(m).isEqualTo("gone.near/old: shown, but not listed in Redis"));
    }

    @Test
    void aStreamLengthShownWrongFailsWhenNothingWasPublishedMeanwhile() {
        Map<IndexerId, ModelCheck.Held> redis = Map.of(A, held(A, "Running", "500", 3));
        Map<IndexerId, ModelCheck.Shown> model = Map.of(A, new ModelCheck.Shown(StateJsonParser.parse(A, redis.get(A).state()), 500L, 7L));

        assertThat(ModelCheck.compare(redis, model, redis, Set.of()).mismatches())
                .containsExactly("alice.near/feed: stream length 3 in Redis, 7 shown");
    }

    @Test
    void valuesThatChangedDuringTheRoundAreNotJudgedThere() {
        Map<IndexerId, ModelCheck.Held> before = Map.of(A, held(A, "Running", "500", 3));
        Map<IndexerId, ModelCheck.Held> after = Map.of(A, held(A, "Suspending", "501", 4));
        Map<IndexerId, ModelCheck.Shown> model = Map.of(A, shownAs(held(A, "Suspended", "499", 1), A));

        ModelCheck.Result r = ModelCheck.compare(before, model, after, Set.of());

        assertThat(r.ok()).isTrue();
        assertThat(r.unsettled()).isEqualTo(3);
    }

    @Test
    void aStreamThatWasTrimmedAndGrewBackDuringTheRoundIsNotJudged() {
        // The second read fell between the simulator's XADD and its SET of the last published block:
        // same block, same length, yet an entry was added (and one trimmed) meanwhile.
        ModelCheck.Held before = new ModelCheck.Held(json(A, "Running", true), "500", 24, "1796060094990-0");
        ModelCheck.Held after = new ModelCheck.Held(json(A, "Running", true), "500", 24, "1796060095990-0");
        Map<IndexerId, ModelCheck.Shown> model = Map.of(A, new ModelCheck.Shown(StateJsonParser.parse(A, before.state()), 500L, 23L));

        ModelCheck.Result r = ModelCheck.compare(Map.of(A, before), model, Map.of(A, after), Set.of());

        assertThat(r.ok()).isTrue();
        assertThat(r.unsettled()).isEqualTo(1);
        // the same entry ID at both ends: nothing was added, so 23 shown for 24 is a real difference
        assertThat(ModelCheck.compare(Map.of(A, before), model, Map.of(A, before), Set.of()).mismatches())
                .containsExactly("alice.near/feed: stream length 24 in Redis, 23 shown");
    }

    @Test
    void theTruthReadsLengthAndLastEntryOfRealStreams() {
        try (dev.watchkeeper.demo.redis.LocalRedisServer redis = dev.watchkeeper.demo.redis.LocalRedisServer.start();
             io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
             var c = client.connect();
             RedisTruth truth = new RedisTruth(redis.uri())) {
            c.sync().set(A.stateKey(), json(A, "Running", true));
            c.sync().set(B.stateKey(), json(B, "Suspended", true));
            c.sync().sadd(dev.watchkeeper.connectors.redis.RedisFleetReader.INDEXER_STATES_KEY, A.stateKey(), B.stateKey());
            c.sync().set(A.lastPublishedBlockKey(), "500");
            c.sync().xadd(A.blockStreamKey(), "block_height", "499");
            String last = c.sync().xadd(A.blockStreamKey(), "block_height", "500");

            Map<IndexerId, ModelCheck.Held> held = truth.read();

            assertThat(held.get(A).streamLength()).isEqualTo(2);
            assertThat(held.get(A).lastEntryId()).isEqualTo(last);
            assertThat(held.get(A).lastPublished()).isEqualTo("500");
            // B has no stream and no last published block
            assertThat(held.get(B).streamLength()).isZero();
            assertThat(held.get(B).lastEntryId()).isNull();
            assertThat(held.get(B).lastPublished()).isNull();
        }
    }

    @Test
    void aStateWrittenAndWrittenBackDuringTheRoundIsNotTakenForUnchanged() {
        Map<IndexerId, ModelCheck.Held> redis = Map.of(A, held(A, "Running", "500", 3));
        Map<IndexerId, ModelCheck.Shown> model = Map.of(A, new ModelCheck.Shown(StateJsonParser.parse(A, json(A, "Suspended", true)), 500L, 3L));

        assertThat(ModelCheck.compare(redis, model, redis, Set.of(A)).ok()).isTrue();
        assertThat(ModelCheck.compare(redis, model, redis, Set.of()).ok()).isFalse();
    }

    private static AuditEntry entry(String reason, String target, AuditOutcome outcome) {
        return AuditEntry.draft(Instant.now(), "soak", "soak", "Suspend", List.of(target), reason, outcome, "");
    }

    @Test
    void everyCommandWithExactlyOneOutcomeAndAnIntactChainPasses(@TempDir Path dir) {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        log.append(entry("soak operator #0", "alice.near/feed", AuditOutcome.SENDING));
        log.append(entry("soak operator #0", "bob.near/swaps", AuditOutcome.SENDING));
        log.append(entry("soak operator #0", "alice.near/feed", AuditOutcome.CONFIRMED));
        log.append(entry("soak operator #0", "bob.near/swaps", AuditOutcome.UNKNOWN));
        List<AuditCheck.Command> commands = List.of(new AuditCheck.Command("soak operator #0", "Suspend", List.of("alice.near/feed", "bob.near/swaps")));

        assertThat(AuditCheck.check(commands, log.read(null), log.verify())).isEmpty();
    }

    @Test
    void aMissingOutcomeADoubledOutcomeAndAStrayEntryFail(@TempDir Path dir) {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        log.append(entry("soak operator #0", "alice.near/feed", AuditOutcome.SENDING));
        log.append(entry("soak operator #0", "bob.near/swaps", AuditOutcome.SENDING));
        log.append(entry("soak operator #0", "bob.near/swaps", AuditOutcome.FAILED));
        log.append(entry("soak operator #0", "bob.near/swaps", AuditOutcome.CONFIRMED));
        log.append(entry("soak operator #9", "bob.near/swaps", AuditOutcome.CONFIRMED));
        List<AuditCheck.Command> commands = List.of(new AuditCheck.Command("soak operator #0", "Suspend", List.of("alice.near/feed", "bob.near/swaps")));

        assertThat(AuditCheck.check(commands, log.read(null), log.verify())).containsExactlyInAnyOrder(
                "an audit entry for a command that was not run: Suspend [bob.near/swaps] (soak operator #9)",
                "soak operator #0 (Suspend alice.near/feed) has 0 audit outcomes, not 1",
                "soak operator #0 (Suspend bob.near/swaps) has 2 audit outcomes, not 1");
    }

    @Test
    void aBrokenChainFails(@TempDir Path dir) throws Exception {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        log.append(entry("soak operator #0", "alice.near/feed", AuditOutcome.SENDING));
        log.append(entry("soak operator #0", "alice.near/feed", AuditOutcome.CONFIRMED));
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, Files.readString(file).replace("CONFIRMED", "REJECTED"));
        List<AuditCheck.Command> commands = List.of(new AuditCheck.Command("soak operator #0", "Suspend", List.of("alice.near/feed")));

        assertThat(AuditCheck.check(commands, log.read(null), log.verify()))
                .singleElement().asString().startsWith("the audit chain does not verify: Audit chain broken");
    }

    private static List<Trends.Point> minutes(int n, double heapPerMinute, double threadsPerMinute) {
        List<Trends.Point> points = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            // a sawtooth of ±3 MB on top of the trend, as collections and epoch windows make it
            points.add(new Trends.Point(i * 60, 200 + heapPerMinute * i + (i % 3 - 1) * 3, 60 + threadsPerMinute * i, 140));
        }
        return points;
    }

    @Test
    void aRisingHeapFailsAndAFlatOnePasses() {
        // 0.5 MB a minute is 30 MB/h
        Trends.Result rising = Trends.judge(minutes(40, 0.5, 0), 600);
        assertThat(rising.problems()).singleElement().asString().startsWith("the live heap grows 30.0 MB/h");

        Trends.Result flat = Trends.judge(minutes(40, 0, 0), 600);
        assertThat(flat.problems()).isEmpty();
        assertThat(flat.notJudged()).isEmpty();
    }

    @Test
    void risingThreadsFailAndAShortRunSaysItsGrowthWasNotJudged() {
        assertThat(Trends.judge(minutes(40, 0, 0.2), 600).problems()).singleElement().asString().startsWith("threads grow by");

        Trends.Result shortRun = Trends.judge(minutes(5, 5, 0), 90);
        assertThat(shortRun.problems()).isEmpty();
        assertThat(shortRun.notJudged()).singleElement().asString()
                .startsWith("heap, threads and descriptors growth: 4 minutes after the warm-up, 8 needed");
    }

    @Test
    void warnLinesAreCountedByKindAndErrorsCounted() {
        LogLines logs = new LogLines();
        logs.accept("[lettuce-eventExecutorLoop-1-3] WARN dev.watchkeeper.connectors.redis.ReconnectingRedisLoop - Redis 127.0.0.1:41234 lost: Connection reset; retry in 250 ms");
        logs.accept("[lettuce-eventExecutorLoop-1-4] WARN dev.watchkeeper.connectors.redis.ReconnectingRedisLoop - Redis 127.0.0.1:41234 lost: Connection reset; retry in 1000 ms");
        logs.accept("[grpc-default-executor-2] WARN dev.watchkeeper.connectors.grpc.HealthPoller - block streamer unreachable");
        logs.accept("[main] INFO dev.watchkeeper.simulator.ControlPlane - coordinator killed");
        logs.accept("[main] ERROR dev.watchkeeper.app.X - broken");

        assertThat(logs.warns()).isEqualTo(3);
        assertThat(logs.errors()).isEqualTo(1);
        assertThat(logs.warnKinds()).containsExactly(
                Map.entry("ReconnectingRedisLoop: Redis #.#.#.#:# lost: Connection reset; retry in # ms", 2L),
                Map.entry("HealthPoller: block streamer unreachable", 1L));
    }

    @Test
    void theDefaultsAreTheIssuesScaleAndABadOptionIsRefusedWithItsName() {
        SoakRun.Options o = SoakRun.Options.parse(new String[]{"--duration", "5m"});
        assertThat(o.duration()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(o.indexers()).isEqualTo(10_000);
        assertThat(o.churn()).isEqualTo(1000);
        assertThat(o.epochInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(o.fxP99Ms()).isEqualTo(250);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakRun.Options.parse(new String[]{"--indexers", "lots"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--indexers needs a number, not lots");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakRun.Options.parse(new String[]{"--duration", "5x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a duration is a number with s, m or h");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakRun.Options.parse(new String[]{"--batch"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--batch needs a value");
    }
}
