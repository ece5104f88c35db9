package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.sync.RedisCommands;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** rediss:// against a real TLS redis-server with a CA made in the test. */
class RedisTlsTest {

    @TempDir
    Path dir;

    private LocalRedisServer server;
    private RedisClient admin;
    private RedisFleetReader reader;
    private final Map<IndexerId, IndexerState> shown = new ConcurrentHashMap<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (reader != null) {
            reader.close();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    private record Pem(Path cert, Path key, X509Certificate x509, KeyPair keys) {
    }

    private Pem issue(String name, Pem ca) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        X500Name issuer = ca == null ? subject : X500Name.getInstance(ca.x509().getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca == null));
        if (ca != null) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build((ca == null ? keys : ca.keys()).getPrivate())));
        Path certFile = Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyFile = Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return new Pem(certFile, keyFile, cert, keys);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private Pem startTlsServer() throws Exception {
        Pem ca = issue("test-ca", null);
        Pem srv = issue("redis", ca);
        int port = LocalRedisServer.freePort();
        server = LocalRedisServer.start(port, List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", srv.cert().toString(), "--tls-key-file", srv.key().toString(),
                "--tls-ca-cert-file", ca.cert().toString(), "--tls-auth-clients", "no"));
        admin = RedisClient.create(RedisURI.create("rediss://127.0.0.1:" + port));
        admin.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider().trustManager(ca.cert().toFile()).build()).build());
        RedisCommands<String, String> redis = admin.connect().sync();
        redis.set("t.near/f:state", "{\"account_id\":\"t.near\",\"function_name\":\"f\",\"block_stream_synced_at\":null,\"enabled\":true,\"lifecycle_state\":\"Running\"}");
        redis.sadd("indexer_states", "t.near/f:state");
        return ca;
    }

    private void follow(RedisSettings settings) {
        reader = new RedisFleetReader(settings, new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                batch.upserts().forEach(s -> shown.put(s.id(), s));
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        });
        reader.start();
    }

    @Test
    void readsOverTlsWithTheConfiguredCa() throws Exception {
        Pem ca = startTlsServer();
        follow(RedisSettings.of("rediss://127.0.0.1:" + server.port()).withCaFile(ca.cert()).withPollInterval(Duration.ofMillis(200)));
        await().atMost(Duration.ofSeconds(15)).until(() -> shown.containsKey(new IndexerId("t.near", "f"))
                && statuses.getLast().state() == ConnectionState.CONNECTED);
        assertThat(shown.get(new IndexerId("t.near", "f")).isReadable()).isTrue();
    }

    @Test
    void aServerSignedByAnotherCaIsRefusedWithAClearMessage() throws Exception {
        startTlsServer();
        Pem otherCa = issue("other-ca", null);
        follow(RedisSettings.of("rediss://127.0.0.1:" + server.port()).withCaFile(otherCa.cert()).withPollInterval(Duration.ofMillis(200)));
        await().atMost(Duration.ofSeconds(15)).until(() -> statuses.stream().anyMatch(s -> s.state() == ConnectionState.RECONNECTING));
        SourceStatus s = statuses.stream().filter(x -> x.state() == ConnectionState.RECONNECTING).findFirst().orElseThrow();
        assertThat(s.message()).containsAnyOf("certificat", "PKIX", "SSL", "handshake");
        assertThat(shown).isEmpty();
    }
}
