package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad coordinator state values, generated and shrunk by jqwik: random text and bytes, and good
 * values mutated by truncation, type swaps, odd unicode, huge numbers, deep nesting and nulls.
 * The parser must never throw, must keep the raw text of what it cannot read, and must read every
 * good value in a batch of bad ones.
 */
class StateJsonParserPropertyTest {

    private static final IndexerId ID = new IndexerId("morgs.near", "test");
    private static final List<String> WIRE = List.of("Initializing", "Running", "Suspending", "Suspended",
            "Repairing", "Deleting", "Deleted", "Stopping", "Stopped");

    @Property(tries = 10_000)
    void anyTextIsReadOrExplained(@ForAll("badValues") String raw) {
        IndexerState s = StateJsonParser.parse(ID, raw);
        assertThat(s.id()).isEqualTo(ID);
        assertThat(s.rawJson()).isNotNull();
        if (s.lifecycle() == LifecycleState.UNKNOWN) {
            assertThat(s.problem()).as("an unknown state says why").isNotBlank();
        }
    }

    @Property(tries = 10_000)
    void anyBytesAreReadOrExplained(@ForAll byte[] raw) {
        IndexerState s = StateJsonParser.parse(ID, raw);
        assertThat(s.id()).isEqualTo(ID);
        assertThat(s.isReadable() || s.problem() != null).isTrue();
    }

    @Property(tries = 10_000)
    void goodValuesAmongBadOnesAreAllRead(@ForAll("mixedBatch") List<Entry> batch) {
        int readable = 0;
        for (Entry e : batch) {
            IndexerState s = StateJsonParser.parse(e.id(), e.raw().getBytes(StandardCharsets.UTF_8));
            assertThat(s.id()).isEqualTo(e.id());
            if (e.good()) {
                assertThat(s.isReadable()).as("good value %s", e.raw()).isTrue();
                assertThat(s.lifecycle()).isEqualTo(LifecycleState.fromWire(e.lifecycle()));
                readable++;
            }
        }
        assertThat(readable).isEqualTo((int) batch.stream().filter(Entry::good).count());
    }

    record Entry(IndexerId id, String raw, boolean good, String lifecycle) {
    }

    static String good(IndexerId id, String lifecycle, Long synced, boolean enabled) {
        return "{\"account_id\":\"" + id.accountId() + "\",\"function_name\":\"" + id.functionName()
                + "\",\"block_stream_synced_at\":" + synced + ",\"enabled\":" + enabled
                + ",\"lifecycle_state\":\"" + lifecycle + "\"}";
    }

    @Provide
    Arbitrary<List<Entry>> mixedBatch() {
        Arbitrary<Entry> goodOnes = Combinators.combine(
                Arbitraries.integers().between(0, 99_999), Arbitraries.of(WIRE),
                Arbitraries.longs().between(0, ProgressReader.MAX_BLOCK_HEIGHT).injectNull(0.2), Arbitraries.of(true, false))
                .as((n, life, synced, enabled) -> {
                    IndexerId id = new IndexerId("acct" + n + ".near", "fn");
                    return new Entry(id, good(id, life, synced, enabled), true, life);
                });
        Arbitrary<Entry> badOnes = Combinators.combine(Arbitraries.integers().between(0, 99_999), badValues())
                .as((n, raw) -> new Entry(new IndexerId("bad" + n + ".near", "fn"), raw, false, null));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, goodOnes),
                        net.jqwik.api.Tuple.of(1, badOnes))
                .list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> badValues() {
        Arbitrary<String> base = Combinators.combine(Arbitraries.of(WIRE).injectNull(0.1),
                        Arbitraries.longs().injectNull(0.2), Arbitraries.of(true, false))
                .as((life, synced, enabled) -> good(ID, life, synced, enabled));
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(100),
                base.flatMap(s -> Arbitraries.integers().between(0, s.length()).map(i -> s.substring(0, i))),
                base.flatMap(s -> Arbitraries.of(
                        s.replace("\"Running\"", "42"), s.replace("true", "\"true\""), s.replace("false", "null"),
                        s.replace("\"lifecycle_state\"", "\"lifecycle\""), s.replace("{", "["),
                        s.replace("\"test\"", "\"other\""), s + s, s + "garbage")),
                Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMaxLength(20)
                        .map(x -> "{\"lifecycle_state\":\"" + x + "\",\"enabled\":true}"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(400)
                        .map(d -> "{\"lifecycle_state\":\"Running\",\"enabled\":true,\"block_stream_synced_at\":" + d + "}"),
                Arbitraries.integers().between(1, 3000).map(d -> "[".repeat(d) + "]".repeat(d)),
                Arbitraries.integers().between(1, 3000).map(d -> "{\"a\":".repeat(d) + "1" + "}".repeat(d)),
                Arbitraries.of("null", "", " ", "{}", "[]", "\"Running\"", "1e999999", "{\"lifecycle_state\":null}",
                        "{\"lifecycle_state\":\"Running\",\"enabled\":true,\"block_stream_synced_at\":-1}",
                        "{\"lifecycle_state\":\"Running\",\"enabled\":true,\"block_stream_synced_at\":1.5}",
                        "x".repeat(StateJsonParser.MAX_VALUE_CHARS + 1)));
    }
}
