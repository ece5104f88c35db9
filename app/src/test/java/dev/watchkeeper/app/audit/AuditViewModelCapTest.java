package dev.watchkeeper.app.audit;

import dev.watchkeeper.app.ui.TaskExecutor;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.audit.AuditOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A console open all day holds only the newest audit entries, and says how many the file has. */
class AuditViewModelCapTest {

    @TempDir
    Path dir;

    @Test
    void holdsOnlyTheNewestEntriesAndCountsTheRest() throws Exception {
        AuditLog log = new AuditLog(dir.resolve(AuditLog.FILE_NAME));
        int written = AuditViewModel.MAX_SHOWN + 3;
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        for (int i = 0; i < written; i++) {
            log.append(AuditEntry.draft(t0.plusSeconds(i), "alice", "prod", "Suspend", List.of("a.near/f" + i), "",
                    AuditOutcome.CONFIRMED, "state is Suspended"));
        }
        try (AuditViewModel model = new AuditViewModel(log, Clock.systemUTC(), TaskExecutor.synchronous()).start(60_000)) {
            assertThat(model.entries()).hasSize(AuditViewModel.MAX_SHOWN);
            assertThat(model.entries().getFirst().targets()).containsExactly("a.near/f" + (written - 1));
            assertThat(model.entries().getLast().targets()).containsExactly("a.near/f3");
            assertThat(model.totalProperty().get()).isEqualTo(written);
        }
        assertThat(AuditView.shownCount(AuditViewModel.MAX_SHOWN, written)).isEqualTo("newest 5,000 of 5,003 entries");
        assertThat(AuditView.shownCount(12, 12)).isEqualTo("12 entries");
    }
}
