package dev.watchkeeper.app;

import dev.watchkeeper.app.attention.AttentionEntry;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.app.prefs.UiPrefs;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.simulator.Faults;
import dev.watchkeeper.simulator.SimConfig;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console against a control plane that behaves as upstream QueryAPI does: the Attention view
 * lists exactly the indexers that need an operator, each with a true reason; a deleted indexer
 * (Redis keeps "Deleting") reads as deleted and is never "stuck"; a set member without its key is a row.
 */
class UpstreamAttentionTest extends ApplicationTest {

    @TempDir
    static Path tmp;

    private DemoStack demo;
    private ConsoleSession session;
    private MainWindow window;
    private IndexerId deleted;
    private IndexerId malformed;
    private IndexerId stalled;
    private IndexerId repairing;
    private IndexerId unhealthy;
    private final IndexerId ghost = new IndexerId("ghost.near", "removed by hand");

    @Override
    public void start(Stage stage) {
        // 600 upstream seconds pass in 30 s; a health check every 6 s
        demo = DemoStack.start(SimConfig.defaults().withIndexers(40).withTimeFactor(20).withInitialSuspendedShare(0).withUpstream(true));
        List<IndexerId> running = demo.indexers(LifecycleState.RUNNING);
        deleted = running.get(0);
        malformed = running.get(1);
        stalled = running.get(2);
        repairing = running.get(3);
        unhealthy = running.get(4);
        session = new ConsoleSession(ConsoleSession.demoProfile(demo, "upstream", Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new AuditLog(tmp.resolve("audit.jsonl")));
        window = new MainWindow(session, new UiPrefs(new MemoryPreferences()), (owner, title, name, ext) -> Optional.empty(), null);
        stage.setScene(WatchkeeperApp.scene(window, 1000, 900));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        interact(() -> session.close());
        demo.close();
    }

    private Map<IndexerId, AttentionEntry> shown() throws Exception {
        return fx(() -> window.attentionModel().ranked().stream().collect(Collectors.toMap(e -> e.row().id(), e -> e)));
    }

    @Test
    void exactlyTheIndexersThatNeedAnOperatorEachWithATrueReason() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> session.fleet().coordinatorProperty().get()) == CoordinatorKind.UPSTREAM);
        demo.faults().deleteInRegistry(deleted);
        demo.faults().danglingMember(ghost);
        demo.faults().corruptState(malformed, Faults.MALFORMED_STATE);
        demo.faults().stallStream(stalled);
        demo.faults().failProvisioning(repairing);
        demo.faults().executorStalled(unhealthy);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(shown().keySet())
                .containsExactlyInAnyOrder(ghost, malformed, stalled, repairing, unhealthy));
        Map<IndexerId, AttentionEntry> items = shown();
        assertThat(items.get(ghost).item().kind()).isEqualTo(AttentionKind.MISSING_STATE);
        assertThat(items.get(malformed).item().kind()).isEqualTo(AttentionKind.UNREADABLE_STATE);
        assertThat(items.get(malformed).item().reason()).contains("malformed JSON at line 1");
        assertThat(items.get(stalled).item().kind()).isEqualTo(AttentionKind.STALLED_STREAM);
        assertThat(items.get(stalled).item().reason()).contains("600-s wait").doesNotContain("blocks moved since");
        assertThat(items.get(repairing).item().reason()).contains("has no Repair");
        assertThat(items.get(unhealthy).item().kind()).isEqualTo(AttentionKind.STALLED_EXECUTOR);

        IndexerRow gone = fx(() -> session.fleet().row(deleted));
        assertThat(fx(() -> gone.state().lifecycleText(CoordinatorKind.UPSTREAM))).isEqualTo("Deleted (Redis keeps Deleting)");
        assertThat(fx(() -> session.fleet().row(ghost).state().isMissing())).isTrue();
    }
}
