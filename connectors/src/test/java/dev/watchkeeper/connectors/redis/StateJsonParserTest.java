package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StateJsonParserTest {

    private static final IndexerId ID = new IndexerId("morgs.near", "test");

    @Test
    void readsTheUpstreamShape() {
        IndexerState s = StateJsonParser.parse(ID,
                "{\"account_id\":\"morgs.near\",\"function_name\":\"test\",\"block_stream_synced_at\":123,\"enabled\":false,\"lifecycle_state\":\"Initializing\"}");
        assertThat(s.isReadable()).isTrue();
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.INITIALIZING);
        assertThat(s.enabled()).isFalse();
        assertThat(s.blockStreamSyncedAt()).isEqualTo(123L);
    }

    @Test
    void nullSyncedAtIsFine() {
        IndexerState s = StateJsonParser.parse(ID,
                "{\"account_id\":\"morgs.near\",\"function_name\":\"test\",\"block_stream_synced_at\":null,\"enabled\":true,\"lifecycle_state\":\"Running\"}");
        assertThat(s.isReadable()).isTrue();
        assertThat(s.blockStreamSyncedAt()).isNull();
    }

    @Test
    void legacyStoppedReadsAsSuspended() {
        IndexerState s = StateJsonParser.parse(ID, "{\"enabled\":false,\"lifecycle_state\":\"Stopped\"}");
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
        assertThat(s.isReadable()).isTrue();
        assertThat(s.lifecycleText()).isEqualTo("Suspended (Stopped)");
    }

    @Test
    void statesThatSayTheSameLifecycleHoldOneStringForIt() {
        IndexerState a = StateJsonParser.parse(ID, "{\"enabled\":true,\"lifecycle_state\":\"Running\"}");
        IndexerState b = StateJsonParser.parse(new IndexerId("other.near", "f"), "{\"enabled\":true,\"lifecycle_state\":\"Running\"}");
        IndexerState legacy = StateJsonParser.parse(ID, "{\"enabled\":false,\"lifecycle_state\":\"Stopped\"}");

        assertThat(a.rawLifecycle()).isSameAs(b.rawLifecycle()).isSameAs(LifecycleState.RUNNING.wire());
        assertThat(legacy.rawLifecycle()).isEqualTo("Stopped"); // an alias keeps what it said
    }

    @Test
    void unknownLifecycleIsMarkedAndKeepsTheRawString() {
        IndexerState s = StateJsonParser.parse(ID, "{\"enabled\":true,\"lifecycle_state\":\"Hibernating\"}");
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(s.rawLifecycle()).isEqualTo("Hibernating");
        assertThat(s.problem()).contains("unknown lifecycle_state \"Hibernating\"");
        assertThat(s.enabled()).isTrue();
    }

    @Test
    void truncatedJsonIsUnreadableWithRawTextKept() {
        String raw = "{\"account_id\":\"morgs.near\",\"function_na";
        IndexerState s = StateJsonParser.parse(ID, raw);
        assertThat(s.isReadable()).isFalse();
        assertThat(s.problem()).startsWith("malformed JSON");
        assertThat(s.rawJson()).isEqualTo(raw);
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
    }

    @Test
    void malformedJsonSaysWhereAndShowsTheTextAroundIt() {
        IndexerState s = StateJsonParser.parse(ID, "{\"account_id\":\"morgs.near\",\"enabled\":tru,\"lifecycle_state\":\"Running\"}");
        assertThat(s.readability()).isEqualTo(IndexerState.Readability.UNREADABLE);
        assertThat(s.problem()).startsWith("malformed JSON at line 1, column ").contains("near `").contains("enabled\":tru");
        assertThat(s.lifecycleText()).isEqualTo("Unreadable (malformed JSON)").doesNotContain("missing");
        assertThat(StateJsonParser.parse(ID, "[1,2]").lifecycleText()).isEqualTo("Unreadable (not a JSON object)");
        assertThat(StateJsonParser.parse(ID, "").problem()).isEqualTo("malformed JSON: the value is empty");
    }

    @Test
    void aMissingLifecycleIsPartlyReadableAndSaysSo() {
        IndexerState s = StateJsonParser.parse(ID, "{\"enabled\":true}");
        assertThat(s.readability()).isEqualTo(IndexerState.Readability.PARTLY_READABLE);
        assertThat(s.lifecycleText()).isEqualTo("Unknown (lifecycle_state missing)");
    }

    @Test
    void wrongTypesAreNamed() {
        IndexerState s = StateJsonParser.parse(ID, "{\"enabled\":\"yes\",\"lifecycle_state\":7,\"block_stream_synced_at\":\"x\"}");
        assertThat(s.problem()).contains("enabled is not a boolean", "lifecycle_state is not a string", "block_stream_synced_at");
        assertThat(s.enabled()).isNull();
    }

    @Test
    void hugeValuesAreNotParsed() {
        String raw = "{\"lifecycle_state\":\"" + "x".repeat(200_000) + "\"}";
        IndexerState s = StateJsonParser.parse(ID, raw);
        assertThat(s.problem()).contains("too large");
        assertThat(s.rawJson().length()).isLessThan(5_000);
    }

    @Test
    void nonObjectsAndMissingValuesAreUnreadable() {
        assertThat(StateJsonParser.parse(ID, "[1,2]").problem()).contains("not a JSON object");
        assertThat(StateJsonParser.parse(ID, "").problem()).isNotNull();
        assertThat(StateJsonParser.parse(ID, (String) null).problem()).contains("no value");
    }

    @Test
    void nonUtf8BytesAreMarkedAndTheRestIsStillRead() {
        byte[] raw = "{\"enabled\":true,\"lifecycle_state\":\"Running\",\"function_name\":\"tXXt\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int x = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("XX");
        raw[x] = (byte) 0xFF;
        raw[x + 1] = (byte) 0xFE;
        IndexerState s = StateJsonParser.parse(ID, raw);
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.RUNNING);
        assertThat(s.enabled()).isTrue();
        assertThat(s.problem()).contains("not valid UTF-8");
        assertThat(s.rawJson()).contains("\uFFFD");
    }

    @Test
    void absurdSyncedAtIsAProblemNotANumber() {
        IndexerState negative = StateJsonParser.parse(ID, "{\"enabled\":true,\"lifecycle_state\":\"Running\",\"block_stream_synced_at\":-3}");
        IndexerState huge = StateJsonParser.parse(ID, "{\"enabled\":true,\"lifecycle_state\":\"Running\",\"block_stream_synced_at\":123456789012345678901234567890}");
        IndexerState fraction = StateJsonParser.parse(ID, "{\"enabled\":true,\"lifecycle_state\":\"Running\",\"block_stream_synced_at\":1.5}");
        for (IndexerState s : new IndexerState[] {negative, huge, fraction}) {
            assertThat(s.blockStreamSyncedAt()).isNull();
            assertThat(s.problem()).contains("block_stream_synced_at");
            assertThat(s.lifecycle()).isEqualTo(LifecycleState.RUNNING);
        }
    }

    @Test
    void emptyStringsAndNullsAreNamed() {
        IndexerState s = StateJsonParser.parse(ID, "{\"enabled\":null,\"lifecycle_state\":\"\"}");
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(s.problem()).contains("enabled missing", "unknown lifecycle_state \"\"");
        assertThat(s.lifecycleText()).isEqualTo("Unknown ()");
    }

    @Test
    void deeplyNestedOrNumericGarbageNeverThrows() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(StateJsonParser.parse(ID, deep).problem()).isNotNull();
        assertThat(StateJsonParser.parse(ID, "{\"lifecycle_state\":\"Running\",\"enabled\":true,\"block_stream_synced_at\":1" + "0".repeat(500) + "}").problem())
                .isNotNull();
        assertThat(StateJsonParser.parse(ID, new byte[] {(byte) 0xC0, (byte) 0x80, 0, 1, 2}).problem()).isNotNull();
    }

    @Test
    void mismatchedNamesAreReported() {
        IndexerState s = StateJsonParser.parse(ID, "{\"account_id\":\"other.near\",\"function_name\":\"test\",\"enabled\":true,\"lifecycle_state\":\"Running\"}");
        assertThat(s.problem()).contains("account_id \"other.near\" does not match the key");
        assertThat(s.lifecycle()).isEqualTo(LifecycleState.RUNNING);
    }
}
