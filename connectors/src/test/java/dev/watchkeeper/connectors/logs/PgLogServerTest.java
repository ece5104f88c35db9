package dev.watchkeeper.connectors.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgLogServerTest {

    @Test
    void readsUserAndPasswordFromAPostgresqlUrl() {
        PgLogServer s = PgLogServer.parse("postgresql://reader:s%40cret@db.internal:6543", null, null);
        assertThat(s.host()).isEqualTo("db.internal");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.user()).isEqualTo("reader");
        assertThat(s.password()).isEqualTo("s@cret");
        assertThat(s.jdbcUrl("alice_near")).isEqualTo("jdbc:postgresql://db.internal:6543/alice_near");
        assertThat(s.toString()).doesNotContain("s@cret");
    }

    @Test
    void takesTheProfilesCredentialsForAJdbcUrlAndKeepsItsParameters() {
        PgLogServer s = PgLogServer.parse("jdbc:postgresql://10.0.0.5/?sslmode=verify-full", "reader", "pw");
        assertThat(s.port()).isEqualTo(5432);
        assertThat(s.user()).isEqualTo("reader");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.jdbcUrl("bob_near")).isEqualTo("jdbc:postgresql://10.0.0.5:5432/bob_near?sslmode=verify-full");
    }

    @Test
    void refusesADatabaseNameOtherSchemesAndGarbageWithAClearMessage() {
        assertThatThrownBy(() -> PgLogServer.parse("postgresql://u:p@h:5432/postgres", null, null))
                .hasMessageContaining("must not name a database ('postgres')");
        assertThatThrownBy(() -> PgLogServer.parse("mysql://u:p@h:3306", null, null))
                .hasMessageContaining("must start with postgresql://").hasMessageNotContaining(":p@");
        assertThatThrownBy(() -> PgLogServer.parse("postgresql://", null, null)).hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> PgLogServer.parse("postgresql://:5432", null, null)).hasMessageContaining("names no host");
        assertThatThrownBy(() -> PgLogServer.parse(" ", null, null)).hasMessageContaining("no logs database URL");
    }
}
