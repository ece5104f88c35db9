package dev.watchkeeper.connectors.profile;

import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.redis.RedisSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileStoreTest {

    @TempDir
    Path dir;

    private static ConnectionProfile mainnet(String token, String redisUri, boolean storeSecrets) {
        return new ConnectionProfile("mainnet",
                Endpoint.tls("coordinator.example:443", "/etc/wk/ca.pem").withClientCertificate("/etc/wk/me.crt", "/etc/wk/me.key")
                        .withBearerToken(token).withDeadline(Duration.ofMillis(2500)),
                Endpoint.plaintext("streamer.internal:8002"),
                null,
                new RedisSettings(redisUri, Duration.ofMillis(1500), "UNISWAPV2", false, Path.of("/etc/wk/redis-ca.pem"), Duration.ofSeconds(7)),
                Duration.ofSeconds(10), true, storeSecrets);
    }

    @Test
    void profilesRoundTripAndTheBuiltInDemoIsAlwaysThere() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        ConnectionProfile p = mainnet("${WK_TOKEN}", "rediss://reader:${REDIS_PASSWORD}@redis.example:6380/0", false);
        assertThat(store.save(List.of(p))).isEmpty();

        ProfileStore.Loaded loaded = store.load();
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.byName("mainnet")).isEqualTo(p);
        assertThat(loaded.byName(ConnectionProfile.LOCAL_DEMO)).isEqualTo(ConnectionProfile.localDemo());
        // hand-editable: pretty-printed, references kept as written
        String text = Files.readString(store.file());
        assertThat(text).contains("\"target\" : \"coordinator.example:443\"").contains("${WK_TOKEN}").contains("${REDIS_PASSWORD}")
                .contains("\"deadlineSeconds\" : 2.5");
    }

    @Test
    void aFreshStoreHasOnlyTheLocalDemo() {
        ProfileStore.Loaded loaded = new ProfileStore(dir.resolve("nothing-here")).load();
        assertThat(loaded.profiles()).containsExactly(ConnectionProfile.localDemo());
        assertThat(loaded.problems()).isEmpty();
    }

    @Test
    void envReferencesExpandAtUseOnly() {
        ConnectionProfile p = mainnet("${WK_TOKEN}", "redis://reader:${REDIS_PASSWORD}@${REDIS_HOST:-localhost}:6379", false);
        Map<String, String> env = Map.of("WK_TOKEN", "tok-123", "REDIS_PASSWORD", "pw");
        ConnectionProfile r = p.resolve(env::get);
        assertThat(r.coordinator().bearerToken()).isEqualTo("tok-123");
        assertThat(r.redis().uri()).isEqualTo("redis://reader:pw@localhost:6379");
        assertThat(p.coordinator().bearerToken()).isEqualTo("${WK_TOKEN}");

        assertThatThrownBy(() -> p.resolve(Map.of("WK_TOKEN", "tok-123")::get))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("profile 'mainnet' redis.uri").hasMessageContaining("REDIS_PASSWORD").hasMessageNotContaining("tok-123");
    }

    @Test
    void plainSecretsAreNotWrittenUnlessTheProfileSaysSo() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        List<String> notes = store.save(List.of(mainnet("literal-token-xyz", "redis://reader:hunter2@redis.example:6379", false)));
        String text = Files.readString(store.file());
        assertThat(text).doesNotContain("literal-token-xyz").doesNotContain("hunter2").contains("redis://reader:@redis.example:6379");
        assertThat(notes).singleElement().asString().contains("coordinator.bearerToken").contains("redis.uri password")
                .doesNotContain("hunter2").doesNotContain("literal-token-xyz");
        ConnectionProfile loaded = store.load().byName("mainnet");
        assertThat(loaded.coordinator().bearerToken()).isNull();
        // without secrets the file gets what the user's umask gives any new file
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("fresh"))));
        assertThat(loaded.toString()).doesNotContain("hunter2");
    }

    @Test
    void savingKeepsTheNarrowerPermissionsTheUserGaveTheFile() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        store.save(List.of(mainnet("${WK_TOKEN}", "redis://redis.example:6379", false)));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-------"));
        store.save(List.of(mainnet("${WK_TOKEN}", "redis://other.example:6379", false)));
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aHandEditedFileWithSecretsThatOthersCanReadIsReportedLikeSshDoes() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        Files.writeString(store.file(), """
                {"profiles": [{"name": "prod", "coordinator": {"target": "c.example:443", "tls": true, "bearerToken": "literal-token-xyz"},
                  "redis": {"uri": "rediss://r.example:6380"}}]}
                """);
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        ProfileStore.Loaded loaded = store.load();
        assertThat(loaded.byName("prod")).isNotNull();
        assertThat(loaded.problems()).singleElement().asString()
                .contains("readable by other users", "coordinator.bearerToken", "chmod 600").doesNotContain("literal-token-xyz");

        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-------"));
        assertThat(store.load().problems()).isEmpty();
    }

    @Test
    void storedSecretsMakeTheFileOwnerOnly() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        assertThat(store.save(List.of(mainnet("literal-token-xyz", "redis://hunter2@redis.example:6379", true)))).isEmpty();
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        ConnectionProfile loaded = store.load().byName("mainnet");
        assertThat(loaded.coordinator().bearerToken()).isEqualTo("literal-token-xyz");
        assertThat(loaded.redis().uri()).isEqualTo("redis://hunter2@redis.example:6379");
        assertThat(loaded.toString()).doesNotContain("hunter2").doesNotContain("literal-token-xyz");
    }

    @Test
    void aPasswordOnlyRedisUriLosesItsUserInfoWhenStripped() {
        ConnectionProfile p = mainnet(null, "redis://hunter2@redis.example:6379/2", false);
        assertThat(p.withoutPlainSecrets().redis().uri()).isEqualTo("redis://redis.example:6379/2");
        assertThat(RedisUris.redact("rediss://u:p%40ss@h:1/0")).isEqualTo("rediss://u:****@h:1/0");
        assertThat(RedisUris.password("redis://h:6379")).isNull();
    }

    @Test
    void aMalformedFileKeepsTheDefaultsAndSaysWhere() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        Files.writeString(store.file(), "{\n  \"profiles\": [\n    {\"name\": \"broken\",, }\n");
        ProfileStore.Loaded loaded = store.load();
        assertThat(loaded.profiles()).containsExactly(ConnectionProfile.localDemo());
        assertThat(loaded.problems()).singleElement().asString().contains("not valid JSON").contains("line 3");

        List<String> notes = store.save(List.of(ConnectionProfile.localDemo()));
        assertThat(notes).anySatisfy(n -> assertThat(n).contains(".bak"));
        assertThat(Files.readString(dir.resolve("profiles.json.bak"))).contains("broken");
    }

    @Test
    void oneBadProfileDoesNotHideTheGoodOnes() throws Exception {
        ProfileStore store = new ProfileStore(dir);
        Files.writeString(store.file(), """
                {"profiles": [
                  {"name": "no coordinator", "redis": {"uri": "redis://h:6379"}},
                  {"name": "bad deadline", "coordinator": {"target": "h:9003", "deadlineSeconds": -1}, "redis": {"uri": "redis://h:6379"}},
                  {"name": "good", "coordinator": {"target": "h:9003"}, "redis": {"uri": "redis://h:6379"}},
                  {"name": "good", "coordinator": {"target": "other:9003"}, "redis": {"uri": "redis://h:6379"}},
                  42
                ]}
                """);
        ProfileStore.Loaded loaded = store.load();
        assertThat(loaded.profiles()).extracting(ConnectionProfile::name).containsExactly(ConnectionProfile.LOCAL_DEMO, "good");
        assertThat(loaded.byName("good").coordinator().deadline()).isEqualTo(Endpoint.DEFAULT_DEADLINE);
        assertThat(loaded.problems()).hasSize(4);
        assertThat(loaded.problems().get(0)).contains("'no coordinator'").contains("\"coordinator\" is missing");
        assertThat(loaded.problems().get(1)).contains("'bad deadline'").contains("deadlineSeconds");
        assertThat(loaded.problems().get(2)).contains("repeats the name");
        assertThat(loaded.problems().get(3)).contains("profile #5").contains("not an object");
    }

    @Test
    void theConfigDirectoryFollowsXdg() {
        assertThat(ProfileStore.defaultDir(Map.of("XDG_CONFIG_HOME", "/x/cfg")::get, "/home/op")).isEqualTo(Path.of("/x/cfg/watchkeeper"));
        assertThat(ProfileStore.defaultDir(k -> null, "/home/op")).isEqualTo(Path.of("/home/op/.config/watchkeeper"));
    }
}
