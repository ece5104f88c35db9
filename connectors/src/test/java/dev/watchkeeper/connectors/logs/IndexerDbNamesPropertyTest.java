package dev.watchkeeper.connectors.logs;

import dev.watchkeeper.model.IndexerId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexerDbNamesPropertyTest {

    /** upstream's two regex replacements (runner/src/indexer-config/indexer-config.ts), as Java regexes */
    private static String upstream(String name) {
        return name.replaceAll("[^a-zA-Z0-9]", "_").replaceFirst("^([0-9])", "_$1");
    }

    @Property(tries = 2000)
    void matchesUpstreamOnAnyText(@ForAll String name) {
        assertThat(IndexerDbNames.sanitize(name)).isEqualTo(upstream(name));
    }

    @Property(tries = 1000)
    void yieldsAnIdentifierThatNeverStartsWithADigit(@ForAll String name) {
        String s = IndexerDbNames.sanitize(name);
        assertThat(s).matches("[A-Za-z0-9_]*");
        if (!s.isEmpty()) {
            assertThat(Character.isDigit(s.charAt(0))).isFalse();
        }
        assertThat(IndexerDbNames.sanitize(s)).isEqualTo(s);
    }

    @Property
    void keepsAlphanumericNamesThatStartWithALetter(@ForAll @AlphaChars @NumericChars String tail) {
        assertThat(IndexerDbNames.sanitize("a" + tail)).isEqualTo("a" + tail);
    }

    @Test
    void namesOfARealIndexer() {
        IndexerId id = new IndexerId("1inch.near", "swap-feed.v2");
        assertThat(IndexerDbNames.schema(id)).isEqualTo("_1inch_near_swap_feed_v2");
        assertThat(IndexerDbNames.database(id)).isEqualTo("_1inch_near");
        assertThat(IndexerDbNames.role(id)).isEqualTo("_1inch_near");
        assertThat(IndexerDbNames.schema(new IndexerId("dataplatform.near", "social_feed"))).isEqualTo("dataplatform_near_social_feed");
    }
}
