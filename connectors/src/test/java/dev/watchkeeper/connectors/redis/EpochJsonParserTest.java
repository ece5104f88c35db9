package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.model.epoch.StateUpdate;
import dev.watchkeeper.model.epoch.StateUpdate.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Values in the exact formats the pooler snapshotter writes (control-plane spec §5). */
class EpochJsonParserTest {

    private static final String PROJECT = "pairContract_pair_total_reserves:0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc:UNISWAPV2";

    @Test
    void readsASuccess() {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_BUILD",
                "{\"status\": \"success\", \"error\": null, \"extra\": null, \"timestamp\": 1692530595}");
        assertThat(u.status()).isEqualTo(Status.SUCCESS);
        assertThat(u.error()).isNull();
        assertThat(u.timestamp()).isEqualTo(1692530595L);
        assertThat(u.problem()).isNull();
        assertThat(u.projectId()).isEqualTo(PROJECT);
        assertThat(u.stateId()).isEqualTo("SNAPSHOT_BUILD");
    }

    @Test
    void goStyleEmptyErrorMeansNoError() {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT",
                "{\"status\":\"success\",\"error\":\"\",\"extra\":null,\"timestamp\":1692530601}");
        assertThat(u.status()).isEqualTo(Status.SUCCESS);
        assertThat(u.error()).isNull();
        assertThat(u.problem()).isNull();
    }

    @Test
    void readsAFailureWithItsError() {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "RELAYER_SEND",
                "{\"status\": \"failed\", \"error\": \"relayer returned 502\", \"extra\": null, \"timestamp\": 1692530620}");
        assertThat(u.failed()).isTrue();
        assertThat(u.error()).isEqualTo("relayer returned 502");
    }

    @Test
    void readsTheSnapshotCidOfAFinalize() {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_FINALIZE",
                "{\"status\": \"success\", \"error\": null, \"extra\": {\"snapshot_cid\": \"bafkreihbl2ji7v2mdqzpzcvfrq4yqu4sbk3m3jcg6yq6wlvfopvbfsyuie\"}, \"timestamp\": 1692530700}");
        assertThat(u.snapshotCid()).isEqualTo("bafkreihbl2ji7v2mdqzpzcvfrq4yqu4sbk3m3jcg6yq6wlvfopvbfsyuie");
        assertThat(u.problem()).isNull();
    }

    @Test
    void unknownStateIdsAreKept() {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT",
                "{\"status\": \"success\", \"error\": null, \"extra\": null, \"timestamp\": 1692530595}");
        assertThat(u.stateId()).isEqualTo("SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT");
        assertThat(u.problem()).isNull();
    }

    @Test
    void unknownStatusIsMarkedWithTheRawText() {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "PRELOAD", "{\"status\": \"pending\", \"timestamp\": 1692530595}");
        assertThat(u.status()).isEqualTo(Status.UNKNOWN);
        assertThat(u.problem()).contains("unknown status \"pending\"");
        assertThat(u.rawJson()).contains("pending");
        assertThat(u.timestamp()).isEqualTo(1692530595L);
    }

    @Test
    void malformedAndTruncatedJsonIsUnreadable() {
        String raw = "{\"status\": \"success\", \"err";
        StateUpdate u = EpochJsonParser.parse(PROJECT, "PRELOAD", raw);
        assertThat(u.status()).isEqualTo(Status.UNKNOWN);
        assertThat(u.problem()).startsWith("malformed JSON");
        assertThat(u.rawJson()).isEqualTo(raw);
        assertThat(EpochJsonParser.parse(PROJECT, "PRELOAD", "").problem()).isNotNull();
        assertThat(EpochJsonParser.parse(PROJECT, "PRELOAD", "42").problem()).contains("not a JSON object");
        assertThat(EpochJsonParser.parse(PROJECT, "PRELOAD", (String) null).problem()).contains("no value");
    }

    @Test
    void wrongTypesAreNamed() {
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_FINALIZE",
                "{\"status\": 1, \"error\": {\"code\": 5}, \"extra\": \"cid\", \"timestamp\": \"1692530595\"}");
        assertThat(u.status()).isEqualTo(Status.UNKNOWN);
        assertThat(u.problem()).contains("status is not a string", "error is not a string", "extra is not an object",
                "timestamp is not a number");
        assertThat(u.error()).contains("code");
        assertThat(u.timestamp()).isNull();
    }

    @Test
    void absurdTimestampsBecomeNullWithAProblem() {
        StateUpdate negative = EpochJsonParser.parse(PROJECT, "PRELOAD", "{\"status\":\"success\",\"timestamp\":-5}");
        StateUpdate farFuture = EpochJsonParser.parse(PROJECT, "PRELOAD", "{\"status\":\"success\",\"timestamp\":99999999999}");
        StateUpdate huge = EpochJsonParser.parse(PROJECT, "PRELOAD", "{\"status\":\"success\",\"timestamp\":1e300}");
        for (StateUpdate u : new StateUpdate[] {negative, farFuture, huge}) {
            assertThat(u.timestamp()).isNull();
            assertThat(u.problem()).contains("timestamp is absurd");
            assertThat(u.status()).isEqualTo(Status.SUCCESS);
        }
        assertThat(EpochJsonParser.parse(PROJECT, "PRELOAD", "{\"status\":\"success\",\"timestamp\":1692530595.73}").timestamp())
                .isEqualTo(1692530595L);
    }

    @Test
    void hugeValuesAreNotParsed() {
        String raw = "{\"status\":\"failed\",\"error\":\"" + "x".repeat(300_000) + "\"}";
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_BUILD", raw);
        assertThat(u.problem()).contains("too large");
        assertThat(u.rawJson().length()).isLessThan(5_000);
    }

    @Test
    void nonUtf8BytesAreShownWithAMarkerAndTheRestIsRead() {
        byte[] raw = "{\"status\":\"failed\",\"error\":\"bad XX\",\"timestamp\":1692530595}".getBytes(StandardCharsets.UTF_8);
        int x = new String(raw, StandardCharsets.ISO_8859_1).indexOf("XX");
        raw[x] = (byte) 0xC3;
        raw[x + 1] = (byte) 0x28; // an invalid two-byte sequence
        StateUpdate u = EpochJsonParser.parse(PROJECT, "SNAPSHOT_BUILD", raw);
        assertThat(u.status()).isEqualTo(Status.FAILED);
        assertThat(u.error()).contains("\uFFFD");
        assertThat(u.problem()).contains("not valid UTF-8");
        assertThat(u.timestamp()).isEqualTo(1692530595L);
    }

    @Test
    void plainUnixSecondsValues() {
        assertThat(EpochJsonParser.unixSeconds("1692530595".getBytes())).isEqualTo(1692530595L);
        assertThat(EpochJsonParser.unixSeconds("1692530595.5".getBytes())).isEqualTo(1692530595L);
        assertThat(EpochJsonParser.unixSeconds("-1".getBytes())).isNull();
        assertThat(EpochJsonParser.unixSeconds("soon".getBytes())).isNull();
        assertThat(EpochJsonParser.unixSeconds("99999999999999".getBytes())).isNull();
        assertThat(EpochJsonParser.unixSeconds(null)).isNull();
    }

    @Test
    void epochKeysParseIncludingUnknownStates() {
        assertThat(EpochKeys.parse("epochID:123:epochReleased")).isEqualTo(new EpochKeys.Parsed(123, null));
        assertThat(EpochKeys.parse("epochID:123:stateID:SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT:processingStatus"))
                .isEqualTo(new EpochKeys.Parsed(123, "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT"));
        assertThat(EpochKeys.parse("epochID:abc:epochReleased")).isNull();
        assertThat(EpochKeys.parse("epochID:12:stateID::processingStatus")).isNull();
        assertThat(EpochKeys.parse("epochID:12:somethingElse")).isNull();
        assertThat(EpochKeys.parse("other")).isNull();
    }
}
