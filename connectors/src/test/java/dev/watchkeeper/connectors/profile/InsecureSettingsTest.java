package dev.watchkeeper.connectors.profile;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.redis.RedisSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings that weaken TLS or expose a secret are refused where the connection is made, unless
 * the profile opts in with a visible "insecure" setting; then they are flagged as insecure.
 */
class InsecureSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aBearerTokenIsNotSentInPlainTextToARemoteHost() {
        Endpoint remote = Endpoint.plaintext("10.0.0.5:9003").withBearerToken("s3cret-token");
        assertThatThrownBy(() -> Channels.build(remote)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bearer token").hasMessageContaining("TLS").hasMessageNotContaining("s3cret-token");

        Channels.Built loopback = Channels.build(Endpoint.plaintext("127.0.0.1:9003").withBearerToken("t"));
        Channels.close(loopback.channel());

        Channels.Built optedIn = Channels.build(remote.withPlaintextTokenAllowed(true));
        Channels.close(optedIn.channel());
        assertThat(optedIn.warning()).startsWith(ConnectionProfile.INSECURE).contains("bearer token");
    }

    @Test
    void aRedisPasswordIsNotSentInPlainTextToARemoteHost() {
        String uri = "redis://reader:hunter2@10.0.0.5:6379";
        assertThat(RedisSettings.of(uri).validationError()).contains("password", "rediss://").doesNotContain("hunter2");
        assertThat(RedisSettings.of("redis://:hunter2@127.0.0.1:6379").validationError()).isNull();
        assertThat(RedisSettings.of("redis://10.0.0.5:6379").validationError()).isNull();

        RedisSettings optedIn = RedisSettings.of(uri).withPlaintextPasswordAllowed(true);
        assertThat(optedIn.validationError()).isNull();
        assertThat(optedIn.securityWarning()).startsWith(ConnectionProfile.INSECURE).contains("password").doesNotContain("hunter2");
    }

    @Test
    void redisTlsWithoutCertificateVerificationIsRefusedUnlessTheProfileSaysInsecure() {
        for (String weak : List.of("rediss://10.0.0.5:6380?verifyPeer=NONE", "rediss://10.0.0.5:6380?verifyPeer=CA")) {
            assertThat(RedisSettings.of(weak).validationError()).as(weak).contains("verif", "insecureSkipVerify");
            RedisSettings optedIn = RedisSettings.of(weak).withInsecureSkipVerify(true);
            assertThat(optedIn.validationError()).isNull();
            assertThat(optedIn.securityWarning()).startsWith(ConnectionProfile.INSECURE + "skip certificate verification");
        }
        assertThat(RedisSettings.of("rediss://10.0.0.5:6380").validationError()).isNull();
        assertThat(RedisSettings.of("rediss://10.0.0.5:6380").securityWarning()).isNull();
    }

    @Test
    void theInsecureSettingsAreStoredVisiblyAndReadBack() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        ConnectionProfile p = new ConnectionProfile("lab",
                Endpoint.plaintext("10.0.0.5:9003").withBearerToken("${TOKEN}").withPlaintextTokenAllowed(true), null, null,
                RedisSettings.of("rediss://10.0.0.5:6380?verifyPeer=NONE").withInsecureSkipVerify(true).withPlaintextPasswordAllowed(true),
                false);
        store.save(List.of(p));
        String json = java.nio.file.Files.readString(store.file());
        assertThat(json).contains("\"insecureSkipVerify\" : true", "\"allowPlaintextToken\" : true", "\"allowPlaintextPassword\" : true");
        ConnectionProfile back = store.load().byName("lab");
        assertThat(back.coordinator().allowPlaintextToken()).isTrue();
        assertThat(back.redis().insecureSkipVerify()).isTrue();
        assertThat(back.redis().allowPlaintextPassword()).isTrue();
        assertThat(back.resolve(v -> "tok").securityWarnings()).allMatch(ConnectionProfile::isInsecure);
    }
}
