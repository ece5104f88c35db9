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
}
