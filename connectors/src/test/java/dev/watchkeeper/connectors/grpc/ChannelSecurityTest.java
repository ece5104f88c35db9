package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerState;
import dev.watchkeeper.connectors.proto.indexer.ListIndexersResponse;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS, mTLS and bearer tokens against real loopback servers with certificates made in the test. */
class ChannelSecurityTest {

    private static final String TOKEN = "s3cr3t-t0ken-value";

    @TempDir
    static Path dir;
    private static TestCerts.Issued ca;
    private static TestCerts.Issued otherCa;
    private static TestCerts.Issued serverCert;
    private static TestCerts.Issued clientCert;
    private static TestCerts.Issued strangerCert;

    private TestServers.Running server;
    private CoordinatorClient client;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCerts.ca(dir, "ca");
        otherCa = TestCerts.ca(dir, "other-ca");
        serverCert = TestCerts.leaf(dir, "server", ca);
        clientCert = TestCerts.leaf(dir, "client", ca);
        strangerCert = TestCerts.leaf(dir, "stranger", otherCa);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static final class Registry extends IndexerManagerGrpc.IndexerManagerImplBase {
        @Override
        public void list(Empty r, StreamObserver<ListIndexersResponse> out) {
            out.onNext(ListIndexersResponse.newBuilder()
                    .addIndexers(IndexerState.newBuilder().setAccountId("morgs.near").setFunctionName("test").setEnabled(true)).build());
            out.onCompleted();
        }
    }

    private void serveTls(boolean requireClientCert) throws Exception {
        TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder()
                .keyManager(serverCert.certFile().toFile(), serverCert.keyFile().toFile());
        if (requireClientCert) {
            b.trustManager(ca.certFile().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        ServerCredentials creds = b.build();
        server = TestServers.start(creds, 0, new Registry());
    }

    private CallFailure failureOf(CoordinatorClient c) {
        try {
            c.list().join();
        } catch (CompletionException e) {
            return (CallFailure) e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void tlsWithTheRightCaConnects() throws Exception {
        serveTls(false);
        client = CoordinatorClient.open(Endpoint.tls(server.localhostTarget(), ca.certFile().toString()));
        assertThat(client.list().join()).extracting(CoordinatorClient.Registered::id).containsExactly(new IndexerId("morgs.near", "test"));
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedWithAClearMessage() throws Exception {
        serveTls(false);
        client = CoordinatorClient.open(Endpoint.tls(server.localhostTarget(), otherCa.certFile().toString()));
        CallFailure f = failureOf(client);
        assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED);
        assertThat(f.getMessage()).contains("not trusted by the configured CA").contains(server.localhostTarget());
    }

    @Test
    void mtlsWithoutAClientCertificateIsRefused() throws Exception {
        serveTls(true);
        client = CoordinatorClient.open(Endpoint.tls(server.localhostTarget(), ca.certFile().toString()));
        CallFailure f = failureOf(client);
        assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED);
        assertThat(f.getMessage()).contains("client certificate");
    }

    @Test
    void mtlsWithAClientCertificateFromAnUntrustedCaIsRefused() throws Exception {
        serveTls(true);
        client = CoordinatorClient.open(Endpoint.tls(server.localhostTarget(), ca.certFile().toString())
                .withClientCertificate(strangerCert.certFile().toString(), strangerCert.keyFile().toString()));
        CallFailure f = failureOf(client);
        assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED);
        assertThat(f.getMessage()).contains("client certificate");
    }

    @Test
    void mtlsWithTheClientCertificateConnectsAndCarriesTheToken() throws Exception {
        serveTls(true);
        client = CoordinatorClient.open(Endpoint.tls(server.localhostTarget(), ca.certFile().toString())
                .withClientCertificate(clientCert.certFile().toString(), clientCert.keyFile().toString())
                .withBearerToken(TOKEN));
        assertThat(client.list().join()).hasSize(1);
        assertThat(server.authorizations()).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void theBearerTokenArrivesAsMetadataAndNeverInTextsShownToUsers() throws Exception {
        server = TestServers.start(new Registry());
        Endpoint endpoint = Endpoint.plaintext(server.target()).withBearerToken(TOKEN).withDeadline(Duration.ofMillis(800));
        client = CoordinatorClient.open(endpoint);
        client.list().join();
        assertThat(server.authorizations()).containsExactly("Bearer " + TOKEN);
        assertThat(endpoint.toString()).doesNotContain(TOKEN).contains("bearer token set");

        server.close();
        CallFailure f = failureOf(client);
        assertThat(f.getMessage()).doesNotContain(TOKEN);
        assertThat(String.valueOf(f.getCause())).doesNotContain(TOKEN);
    }

    @Test
    void aMissingCaFileIsNamedBeforeAnyConnection() {
        assertThatThrownBy(() -> Channels.build(Endpoint.tls("localhost:1", dir.resolve("nope.pem").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.pem").hasMessageContaining("not readable");
    }

    @Test
    void plaintextToARemoteHostCarriesAWarningButLoopbackDoesNot() {
        Channels.Built remote = Channels.build(Endpoint.plaintext("10.20.30.40:9003").withBearerToken(TOKEN).withPlaintextTokenAllowed(true));
        Channels.Built local = Channels.build(Endpoint.plaintext("127.0.0.1:9003"));
        try {
            assertThat(remote.warning()).contains("plaintext").contains("10.20.30.40:9003").contains("bearer token").doesNotContain(TOKEN);
            assertThat(local.warning()).isNull();
            assertThat(Endpoint.plaintext("localhost:9003").securityWarning()).isNull();
            assertThat(Endpoint.plaintext("[::1]:9003").securityWarning()).isNull();
            assertThat(Endpoint.tls("coordinator.example:443", null).securityWarning()).isNull();
        } finally {
            Channels.close(remote.channel());
            Channels.close(local.channel());
        }
    }
}
