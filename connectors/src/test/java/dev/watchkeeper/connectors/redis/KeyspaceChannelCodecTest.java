package dev.watchkeeper.connectors.redis;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyspaceChannelCodecTest {

    private final KeyspaceChannelCodec codec = new KeyspaceChannelCodec("__keyspace@3__:",
            List.of("__keyspace@3__:*:state", "__keyspace@3__:indexer_states"));

    @Test
    void aChannelDecodesToItsKeyWithoutThePrefix() {
        assertThat(codec.decodeKey(heap("__keyspace@3__:morgs.near/test:state"))).isEqualTo("morgs.near/test:state");
        assertThat(codec.decodeKey(direct("__keyspace@3__:bürger.near/ünïcode:last_published_block")))
                .isEqualTo("bürger.near/ünïcode:last_published_block");
    }

    @Test
    void aBufferThatIsASliceOfALargerOneDecodesOnlyItsBytes() {
        ByteBuffer all = heap("xx__keyspace@3__:a.near/f:stateyy");
        ByteBuffer slice = all.position(2).limit(all.capacity() - 2).slice();
        assertThat(codec.decodeKey(slice)).isEqualTo("a.near/f:state");
    }

    @Test
    void aSubscribedPatternDecodesToTheOneStringKeptForIt() {
        assertThat(codec.decodeKey(heap("__keyspace@3__:*:state"))).isSameAs(codec.decodeKey(heap("__keyspace@3__:*:state")))
                .isEqualTo("*:state");
    }

    /** The pattern for indexer_states names one key: its messages' channel has the same bytes. */
    @Test
    void theChannelOfAKeyAPatternNamesExactlyDecodesToThatKey() {
        assertThat(codec.decodeKey(heap("__keyspace@3__:indexer_states"))).isEqualTo("indexer_states");
    }

    @Test
    void aChannelOfAnotherDatabaseKeepsItsPrefixSoItMatchesNoIndexerKey() {
        assertThat(codec.decodeKey(heap("__keyspace@4__:a.near/f:state"))).isEqualTo("__keyspace@4__:a.near/f:state");
    }

    @Test
    void theEventNameIsNotDecoded() {
        assertThat(codec.decodeValue(heap("set"))).isEmpty();
        assertThat(StandardCharsets.UTF_8.decode(codec.encodeKey("__keyspace@3__:*:state")).toString()).isEqualTo("__keyspace@3__:*:state");
    }

    private static ByteBuffer heap(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }
}
