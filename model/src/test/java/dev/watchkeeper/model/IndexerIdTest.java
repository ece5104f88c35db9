package dev.watchkeeper.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexerIdTest {

    @Test
    void functionNamesKeepSpacesDotsAndSlashesAfterTheFirstSlash() {
        IndexerId id = IndexerId.parse("morgs.near/feed v2/posts.daily");
        assertThat(id.accountId()).isEqualTo("morgs.near");
        assertThat(id.functionName()).isEqualTo("feed v2/posts.daily");
        assertThat(id.stateKey()).isEqualTo("morgs.near/feed v2/posts.daily:state");
    }

    @Test
    void keysMapBackToIndexers() {
        assertThat(IndexerId.fromKey("a.near/f:state", IndexerId.STATE_SUFFIX)).isEqualTo(new IndexerId("a.near", "f"));
        assertThat(IndexerId.fromKey("a.near/f:block_stream", IndexerId.STATE_SUFFIX)).isNull();
        assertThat(IndexerId.fromKey("nofunction:state", IndexerId.STATE_SUFFIX)).isNull();
        assertThat(IndexerId.fromKey("/f:state", IndexerId.STATE_SUFFIX)).isNull();
    }

    @Test
    void aNameWithoutFunctionIsRejected() {
        assertThatThrownBy(() -> IndexerId.parse("morgs.near")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexerId.parse("morgs.near/")).isInstanceOf(IllegalArgumentException.class);
    }
}
