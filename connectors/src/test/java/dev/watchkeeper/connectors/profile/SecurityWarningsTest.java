package dev.watchkeeper.connectors.profile;

import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.redis.RedisSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which profiles the operator is warned about: exposed traffic, not merely unusual settings. */
class SecurityWarningsTest {

    private static ConnectionProfile profile(Endpoint coordinator, Endpoint runner, String redisUri) {
        return new ConnectionProfile("p", coordinator, null, runner, RedisSettings.of(redisUri), false);
    }

    @Test
    void loopbackAndTlsAreQuiet() {
        assertThat(ConnectionProfile.localDemo().securityWarnings()).isEmpty();
        assertThat(profile(Endpoint.tls("coordinator.example.org:9003", null), Endpoint.plaintext("[::1]:7001"),
                "rediss://reader:pw@redis.example.org:6380").securityWarnings()).isEmpty();
        assertThat(profile(Endpoint.plaintext("localhost:9003"), null, "redis://localhost:6379").securityWarnings()).isEmpty();
    }

    @Test
    void everyPlaintextRemoteEndpointIsNamedWithWhatLeaks() {
        var w = profile(Endpoint.plaintext("10.0.0.5:9003").withBearerToken("${TOKEN}"), Endpoint.plaintext("runner.example.org:7001"),
                "redis://reader:hunter2@redis.example.org:6379").securityWarnings();
        assertThat(w).hasSize(3);
        assertThat(w.get(0)).startsWith("coordinator: plaintext gRPC to 10.0.0.5:9003").contains("bearer token");
        assertThat(w.get(1)).startsWith("runner: plaintext gRPC to runner.example.org:7001").doesNotContain("bearer token");
        assertThat(w.get(2)).contains("plaintext Redis to redis.example.org:6379", "password", "rediss://").doesNotContain("hunter2");
    }

    @Test
    void sentinelsAreJudgedByTheirHostsAndAnUnusableUriWarnsNothing() {
        assertThat(profile(Endpoint.plaintext("127.0.0.1:9003"), null, "redis-sentinel://s1.example.org:26379#mymaster")
                .securityWarnings()).singleElement().asString().contains("s1.example.org:26379").doesNotContain("password");
        assertThat(profile(Endpoint.plaintext("127.0.0.1:9003"), null, "not a uri").securityWarnings()).isEmpty();
    }
}
