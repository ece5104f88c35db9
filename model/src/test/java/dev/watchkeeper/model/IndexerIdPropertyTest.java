package dev.watchkeeper.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis key names, generated and shrunk by jqwik: any key maps to an indexer or to null, never throws. */
class IndexerIdPropertyTest {

    @Property(tries = 10_000)
    void anyKeyIsAnIndexerOrNull(@ForAll("keys") String key) {
        IndexerId id = IndexerId.fromKey(key, IndexerId.STATE_SUFFIX);
        if (id != null) {
            assertThat(id.stateKey()).isEqualTo(key);
            assertThat(id.accountId()).isNotEmpty().doesNotContain("/");
            assertThat(id.functionName()).isNotEmpty();
        }
    }

    @Property(tries = 10_000)
    void everyIndexerRoundTripsThroughItsKeys(@ForAll("accounts") String account, @ForAll("functions") String function) {
        IndexerId id = new IndexerId(account, function);
        assertThat(IndexerId.fromKey(id.stateKey(), IndexerId.STATE_SUFFIX)).isEqualTo(id);
        assertThat(IndexerId.fromKey(id.blockStreamKey(), IndexerId.BLOCK_STREAM_SUFFIX)).isEqualTo(id);
        assertThat(IndexerId.fromKey(id.lastPublishedBlockKey(), IndexerId.LAST_PUBLISHED_BLOCK_SUFFIX)).isEqualTo(id);
        assertThat(IndexerId.parse(id.fullName())).isEqualTo(id);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withChars('/', ':', 'a', ' ', '.', '\u00e9', '\ud83d').ofMaxLength(30).map(s -> s + ":state"),
                Arbitraries.of(":state", "/:state", "a/:state", "/b:state", "a/b", "a/b:stat", "a/b:state:state", "a//b:state"));
    }

    @Provide
    Arbitrary<String> accounts() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).filter(s -> !s.contains("/"));
    }

    @Provide
    Arbitrary<String> functions() {
        // Function names may hold spaces, dots, slashes and colons after the first '/'.
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40);
    }
}
