package dev.watchkeeper.app.notify;

import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.app.prefs.UiPrefs;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A flood of notifications becomes one summary that opens Attention; a muted kind stays quiet, across restarts. */
class NotificationFlowTest {

    private final SimpleObjectProperty<Instant> now = new SimpleObjectProperty<>(Instant.parse("2026-11-30T12:00:00Z"));
    private final List<String> shown = new ArrayList<>();
    private final UiPrefs prefs = new UiPrefs(new MemoryPreferences());
    private final MutedKinds muted = new MutedKinds(prefs);
    private int attentionOpened;
    private final NotificationFlow flow = new NotificationFlow((title, text, onClick) -> {
        shown.add(title);
        if (title.endsWith("open Attention")) {
            onClick.run();
        }
    }, now, muted, () -> attentionOpened++);

    private void tick(long seconds) {
        now.set(now.get().plusSeconds(seconds));
    }

    private void stall(int i) {
        flow.show("Stream stalled", "Stream stalled: idx" + i, "no block published", () -> { });
    }

    @Test
    void aFewAMinuteAreShownOneByOne() {
        stall(1);
        tick(30);
        stall(2);
        tick(31);
        stall(3);
        stall(4);
        tick(1);
        assertThat(shown).containsExactly("Stream stalled: idx1", "Stream stalled: idx2", "Stream stalled: idx3", "Stream stalled: idx4");
    }

    @Test
    void pastThreeAMinuteTheRestCollapseIntoOneSummaryThatOpensAttention() {
        for (int i = 1; i <= 15; i++) {
            stall(i);
        }
        flow.show("Executor stalled", "Executor stalled: x", "worker died", () -> { });
        assertThat(shown).hasSize(NotificationFlow.PER_MINUTE);
        assertThat(flow.pending()).isEqualTo(13);
        tick(1);
        assertThat(shown).hasSize(4).last().isEqualTo("13 new problems — open Attention");
        assertThat(attentionOpened).isEqualTo(1);

        // while the summary is less than a minute old, newcomers wait for the next one
        tick(20);
        stall(16);
        tick(1);
        assertThat(shown).hasSize(5).last().isEqualTo("1 new problem — open Attention");
        // a quiet minute later, one-by-one again
        tick(61);
        stall(17);
        assertThat(shown).last().isEqualTo("Stream stalled: idx17");
    }

    @Test
    void incidentsAreNeverCollapsed() {
        for (int i = 1; i <= 5; i++) {
            stall(i);
        }
        flow.show(NotificationFlow.INCIDENTS, "Incident: 40 × Stream stalled", "lake outage", () -> { });
        assertThat(shown).contains("Incident: 40 × Stream stalled");
    }

    @Test
    void aMutedKindIsDroppedAndStaysMutedAcrossRestartsUntilUnmuted() {
        muted.mute("Stream stalled");
        stall(1);
        flow.show("Executor stalled", "Executor stalled: x", "worker died", () -> { });
        tick(1);
        assertThat(shown).containsExactly("Executor stalled: x");
        assertThat(flow.pending()).isZero();

        MutedKinds afterRestart = new MutedKinds(prefs);
        assertThat(afterRestart.kinds()).containsExactly("Stream stalled");
        afterRestart.unmute("Stream stalled");
        assertThat(new MutedKinds(prefs).kinds()).isEmpty();
    }
}
