package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsServerCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mTLS with a client key kept encrypted on disk (PKCS#8 "ENCRYPTED PRIVATE KEY"), against a real TLS server on loopback. */
class EncryptedClientKeyTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    static Path dir;

    private static TestCerts.Issued ca;
    private static TestCerts.Issued serverCert;
    private static TestCerts.Issued clientCert;
    private static Path encryptedKey;

    private TestServers.Running server;
    private ManagedChannel channel;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCerts.ca(dir, "ca");
        serverCert = TestCerts.leaf(dir, "server", ca);
        clientCert = TestCerts.leaf(dir, "client", ca);
        encryptedKey = TestCerts.encryptedKey(dir, clientCert, PASSPHRASE);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (channel != null) {
            Channels.close(channel);
        }
        if (server != null) {
            server.close();
        }
    }

    private Endpoint endpoint(String passphrase) throws Exception {
        server = TestServers.start(TlsServerCredentials.newBuilder()
                .keyManager(serverCert.certFile().toFile(), serverCert.keyFile().toFile())
                .trustManager(ca.certFile().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build(),
                0, new ChannelSecurityTest.Registry());
        return Endpoint.tls(server.localhostTarget(), ca.certFile().toString())
                .withClientCertificate(clientCert.certFile().toString(), encryptedKey.toString())
                .withClientKeyPassphrase(passphrase);
    }

    @Test
    void anEncryptedClientKeyIsUsedWithItsPassphrase() throws Exception {
        channel = Channels.build(endpoint(PASSPHRASE)).channel();
        var listed = IndexerManagerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).list(Empty.getDefaultInstance());
        assertThat(listed.getIndexersCount()).isEqualTo(1);
    }

    @Test
    void aWrongOrMissingPassphraseIsNamedBeforeConnectingAndNeverShown() throws Exception {
        Endpoint wrong = endpoint("not the passphrase");
        assertThatThrownBy(() -> Channels.build(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(encryptedKey.toString()).hasMessageContaining("passphrase")
                .hasMessageNotContaining("not the passphrase");
        assertThatThrownBy(() -> Channels.build(wrong.withClientKeyPassphrase(null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted").hasMessageContaining("clientKeyPassphrase");
    }
}
