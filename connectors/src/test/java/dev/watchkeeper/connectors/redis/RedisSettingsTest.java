package dev.watchkeeper.connectors.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing; the remote plaintext URIs with passwords opt in to being sent (InsecureSettingsTest covers the refusal). */
class RedisSettingsTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void plainUriWithAclUser() {
        RedisTarget t = RedisSettings.of("redis://reader:" + SECRET + "@10.0.0.5:6380/2").withPlaintextPasswordAllowed(true).target();
        assertThat(t.cluster()).isFalse();
        assertThat(t.tls()).isFalse();
        RedisURI u = t.nodes().getFirst();
        assertThat(u.getHost()).isEqualTo("10.0.0.5");
        assertThat(u.getPort()).isEqualTo(6380);
        assertThat(u.getDatabase()).isEqualTo(2);
        assertThat(credentials(u).getUsername()).isEqualTo("reader");
        assertThat(new String(credentials(u).getPassword())).isEqualTo(SECRET);
        assertThat(t.database()).isEqualTo(2);
        assertThat(u.getTimeout()).isEqualTo(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
    }

    @Test
    void tlsUriAndCaFile(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        RedisTarget t = RedisSettings.of("rediss://redis.example.org:6380").withCaFile(ca).target();
        assertThat(t.tls()).isTrue();
        assertThat(t.caFile()).isEqualTo(ca);
        assertThat(RedisSettings.of("rediss://h").withCaFile(dir.resolve("missing.pem")).validationError())
                .contains("TLS CA file", "missing.pem", "cannot be read");
        assertThat(RedisSettings.of("redis://h").withCaFile(ca).validationError())
                .contains("does not use TLS: use rediss://");
    }

    @Test
    void sentinelUri() {
        RedisTarget t = RedisSettings.of("redis-sentinel://:" + SECRET + "@s1:26379,s2:26380/0#mymaster").withPlaintextPasswordAllowed(true).target();
        assertThat(t.sentinel()).isTrue();
        assertThat(t.nodes().getFirst().getSentinels()).hasSize(2);
        assertThat(t.nodes().getFirst().getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(RedisSettings.of("redis-sentinel://s1:26379").validationError())
                .contains("names no master", "#master-name");
    }

    @Test
    void clusterBySchemeOrFlag() {
        RedisTarget t = RedisSettings.of("redis-cluster://reader:" + SECRET + "@n1:7000,n2:7001,n3:7002").withPlaintextPasswordAllowed(true).target();
        assertThat(t.cluster()).isTrue();
        assertThat(t.nodes()).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
        assertThat(t.nodes()).allSatisfy(u -> assertThat(credentials(u).getUsername()).isEqualTo("reader"));
        assertThat(t.database()).isZero();

        RedisTarget tls = RedisSettings.of("rediss-cluster://n1:7000").target();
        assertThat(tls.cluster()).isTrue();
        assertThat(tls.tls()).isTrue();

        assertThat(RedisSettings.of("redis://n1:7000").withCluster(true).target().cluster()).isTrue();
        assertThat(RedisSettings.of("redis-cluster://n1:7000,,n2").validationError()).contains("empty cluster node");
    }

    @Test
    void badUrisGetClearMessagesWithoutThePassword() {
        assertThat(RedisSettings.of("localhost:6379").validationError()).contains("has no scheme", "redis://");
        assertThat(RedisSettings.of("http://u:" + SECRET + "@h").validationError())
                .contains("unsupported scheme \"http\"").doesNotContain(SECRET).contains("u:***@h");
        String bad = RedisSettings.of("redis://u:" + SECRET + "@h:notaport").validationError();
        assertThat(bad).contains("invalid port \"notaport\"").doesNotContain(SECRET);
        assertThat(RedisSettings.of("redis://h:70000").validationError()).contains("invalid port");
        assertThat(RedisSettings.of("redis://[::1]:6379").validationError()).isNull();
        assertThatThrownBy(() -> RedisSettings.of("redis://u:" + SECRET + "@h:notaport").target())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void passwordsNeverAppearInToString() {
        RedisSettings s = new RedisSettings("redis://reader:" + SECRET + "@h:1", Duration.ofSeconds(1), "UNISWAPV2").withPlaintextPasswordAllowed(true);
        assertThat(s.toString()).doesNotContain(SECRET).contains("reader:***@h:1");
        assertThat(s.redactedUri()).isEqualTo("redis://reader:***@h:1");
        assertThat(RedisSettings.of("redis://:" + SECRET + "@h").redactedUri()).isEqualTo("redis://:***@h");
        assertThat(RedisSettings.of("redis://h:1").redactedUri()).isEqualTo("redis://h:1");
        assertThat(s.target().toString()).doesNotContain(SECRET);
        assertThat(Secrets.scrub("auth failed for " + SECRET, s.uri())).isEqualTo("auth failed for ***");
    }

    @Test
    void aReadyMadeLettuceUriKeepsItsCredentialsAndMasksThem() {
        RedisURI u = RedisURI.create("redis://reader:" + SECRET + "@127.0.0.1:6390/3");
        RedisTarget t = RedisTarget.of(u, Duration.ofSeconds(3));
        assertThat(t.nodes().getFirst()).isSameAs(u);
        assertThat(t.display()).doesNotContain(SECRET);
        assertThat(t.scrub("WRONGPASS for " + SECRET)).isEqualTo("WRONGPASS for ***");
    }

    private static RedisCredentials credentials(RedisURI u) {
        return u.getCredentialsProvider().resolveCredentials().block();
    }
}
