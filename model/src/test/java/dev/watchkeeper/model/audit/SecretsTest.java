package dev.watchkeeper.model.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void aRedisPasswordWithoutAUserIsRedacted() {
        assertThat(Secrets.redact("cannot reach redis://hunter2@10.0.0.5:6379/0"))
                .isEqualTo("cannot reach redis://***@10.0.0.5:6379/0");
        assertThat(Secrets.redact("rediss://default:hunter2@h:6380")).isEqualTo("rediss://default:***@h:6380");
    }

    @Test
    void ordinaryWordsInAReasonAreKept() {
        assertThat(Secrets.redact("second pass: restart")).isEqualTo("second pass: restart");
        assertThat(Secrets.redact("password: s3cret, token=abc")).isEqualTo("password: ***, token=***");
        // a user name alone in a web address is not a secret
        assertThat(Secrets.redact("see https://alice@wiki.example/runbook")).isEqualTo("see https://alice@wiki.example/runbook");
    }
}
