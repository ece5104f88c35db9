package dev.watchkeeper.model.epoch;

import dev.watchkeeper.model.IndexerId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectIdsTest {

    @Test
    void anIndexerProjectNamesItsIndexer() {
        assertThat(ProjectIds.indexerOf("indexer_blocks:morgs.near/social_feed:QUERYAPI"))
                .isEqualTo(new IndexerId("morgs.near", "social_feed"));
    }

    @Test
    void functionNamesKeepSlashesDotsSpacesAndColons() {
        assertThat(ProjectIds.indexerOf("t:a.near/feed v2/posts.daily:QUERYAPI"))
                .isEqualTo(new IndexerId("a.near", "feed v2/posts.daily"));
        assertThat(ProjectIds.indexerOf("t:a.near/x:y:NS")).isEqualTo(new IndexerId("a.near", "x:y"));
    }

    @Test
    void otherProjectsHaveNoIndexer() {
        assertThat(ProjectIds.indexerOf("pairContract_pair_total_reserves:0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc:UNISWAPV2")).isNull();
        assertThat(ProjectIds.indexerOf("aggregate_24h_stats_lite:35ee1886fa4876cb3d5e2d5e8c4a106:UNISWAPV2")).isNull();
        assertThat(ProjectIds.indexerOf("pairContract_pair_total_reserves")).isNull();
        assertThat(ProjectIds.indexerOf("t:only-one-colon")).isNull();
        assertThat(ProjectIds.indexerOf("t:/f:NS")).isNull();
        assertThat(ProjectIds.indexerOf("t:a.near/:NS")).isNull();
        assertThat(ProjectIds.indexerOf(null)).isNull();
        assertThat(ProjectIds.indexerOf("")).isNull();
    }

    @Test
    void typeIsTheTextBeforeTheFirstColon() {
        assertThat(ProjectIds.typeOf("indexer_blocks:morgs.near/social_feed:QUERYAPI")).isEqualTo("indexer_blocks");
        assertThat(ProjectIds.typeOf("pairContract")).isEqualTo("pairContract");
    }
}
