package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.Progress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReaderTest {

    private static final IndexerId ID = new IndexerId("morgs.near", "test");

    private static Progress parse(String lastPublished) {
        return ProgressReader.parse(ID, lastPublished == null ? null : lastPublished.getBytes(), null, 7L, null);
    }

    @Test
    void readsABlockHeightAndTheQueueLength() {
        Progress p = parse("128573612");
        assertThat(p.lastPublishedBlock()).isEqualTo(128573612L);
        assertThat(p.queueDepth()).isEqualTo(7L);
        assertThat(p.problem()).isNull();
    }

    @Test
    void missingKeyIsNullWithoutAProblem() {
        Progress p = parse(null);
        assertThat(p.lastPublishedBlock()).isNull();
        assertThat(p.problem()).isNull();
    }

    @Test
    void unreadableValuesKeepTheirRawText() {
        assertThat(parse("12a").problem()).isEqualTo("last_published_block is not a block height: \"12a\"");
        assertThat(parse("-5").problem()).contains("negative", "\"-5\"");
        assertThat(parse("99999999999999999999999").problem()).contains("absurdly large", "99999999999999999999999");
        assertThat(parse("5000000000000").problem()).contains("absurdly large");
        assertThat(parse("").problem()).contains("not a block height: \"\"");
        assertThat(parse("12a").lastPublishedBlock()).isNull();
        assertThat(parse("12a").queueDepth()).isEqualTo(7L);
    }

    @Test
    void aWrongKeyTypeIsThatIndexersProblem() {
        Progress p = ProgressReader.parse(ID, null, "WRONGTYPE Operation against a key holding the wrong kind of value", null,
                "WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThat(p.problem()).contains("last_published_block cannot be read: WRONGTYPE", "block_stream cannot be read: WRONGTYPE");
        assertThat(p.queueDepth()).isNull();
    }
}
