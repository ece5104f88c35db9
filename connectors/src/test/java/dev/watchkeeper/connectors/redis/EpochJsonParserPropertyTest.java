package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.model.epoch.StateUpdate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad pooler state-update values (generated and shrunk by jqwik): the epoch parser never throws,
 * keeps project and state, explains what it cannot read, and reads every good value among bad ones.
 */
class EpochJsonParserPropertyTest {

    private static final String PROJECT = "pairContract_pair_total_reserves:0xb4e1:UNISWAPV2";

    static String good(String status, String error, Long ts, String cid) {
        return "{\"status\": \"" + status + "\", \"error\": " + (error == null ? "null" : "\"" + error + "\"")
                + ", \"extra\": " + (cid == null ? "null" : "{\"snapshot_cid\": \"" + cid + "\"}")
                + ", \"timestamp\": " + ts + "}";
    }

    @Property(tries = 10_000)
    void anyTextIsReadOrExplained(@ForAll("badValues") String raw, @ForAll("stateIds") String state) {
        StateUpdate u = EpochJsonParser.parse(PROJECT, state, raw);
        assertThat(u.projectId()).isEqualTo(PROJECT);
        assertThat(u.stateId()).isEqualTo(state);
        if (u.status() == StateUpdate.Status.UNKNOWN) {
            assertThat(u.problem()).isNotBlank();
        }
    }

    @Property(tries = 10_000)
    void anyBytesAreReadOrExplained(@ForAll byte[] raw) {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_BUILD", raw);
        assertThat(u.problem() != null || u.status() != StateUpdate.Status.UNKNOWN).isTrue();
    }

    @Property(tries = 10_000)
    void goodValuesAmongBadOnesAreAllRead(@ForAll("mixedHash") List<Tuple.Tuple2<String, Boolean>> hash) {
        for (Tuple.Tuple2<String, Boolean> field : hash) {
            StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_FINALIZE", field.get1().getBytes(StandardCharsets.UTF_8));
            if (field.get2()) {
                assertThat(u.problem()).as("good value %s", field.get1()).isNull();
                assertThat(u.status()).isNotEqualTo(StateUpdate.Status.UNKNOWN);
            }
        }
    }

    @Provide
    Arbitrary<String> stateIds() {
        return Arbitraries.oneOf(Arbitraries.of("PRELOAD", "SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "RELAYER_SEND",
                "SNAPSHOT_FINALIZE", "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT"), Arbitraries.strings().ofMaxLength(30));
    }

    Arbitrary<String> goodValues() {
        return Combinators.combine(Arbitraries.of("success", "failed"),
                        Arbitraries.strings().alpha().ofMaxLength(20).injectNull(0.5),
                        Arbitraries.longs().between(0, EpochJsonParser.MAX_TIMESTAMP),
                        Arbitraries.strings().alpha().numeric().ofMaxLength(60).injectNull(0.5))
                .as(EpochJsonParserPropertyTest::good);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, Boolean>>> mixedHash() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, goodValues().map(v -> Tuple.of(v, true))),
                Tuple.of(1, badValues().map(v -> Tuple.of(v, false)))).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> badValues() {
        Arbitrary<String> base = goodValues();
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                base.flatMap(s -> Arbitraries.integers().between(0, s.length()).map(i -> s.substring(0, i))),
                base.flatMap(s -> Arbitraries.of(
                        s.replace("\"success\"", "true"), s.replace("\"failed\"", "\"FAILED\""),
                        s.replace("\"timestamp\": ", "\"timestamp\": -"), s.replace("\"timestamp\": ", "\"timestamp\": \"x"),
                        s.replace("\"extra\": ", "\"extra\": [") , s.replace("null", "{}"), s.replace("{", "["), s + "}")),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(400)
                        .map(d -> "{\"status\": \"success\", \"timestamp\": " + d + "}"),
                Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMaxLength(20)
                        .map(x -> "{\"status\": \"" + x + "\", \"timestamp\": 1}"),
                Arbitraries.integers().between(1, 3000).map(d -> "[".repeat(d) + "]".repeat(d)),
                Arbitraries.of("null", "", "{}", "\"success\"", "1e999999", "{\"status\": null}",
                        "{\"status\": \"success\", \"timestamp\": 1.5e300}",
                        "{\"status\": \"success\", \"extra\": {\"snapshot_cid\": 42}, \"timestamp\": 1}",
                        "y".repeat(EpochJsonParser.MAX_VALUE_CHARS + 1)));
    }
}
