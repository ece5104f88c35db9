package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.CommandPlan;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.support.Screenshots;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** A bulk confirmation of forty indexers is readable: lists tall enough to read, states named, skipped ones grouped by why. */
class CommandConfirmDialogTest extends ApplicationTest {

    private CommandConfirmDialog dialog;

    @Override
    public void start(Stage stage) {
        FleetViewModel vm = new FleetViewModel();
        List<IndexerState> states = new ArrayList<>();
        for (int i = 0; i < 46; i++) {
            LifecycleState s = i < 40 ? LifecycleState.RUNNING : i < 44 ? LifecycleState.SUSPENDED : LifecycleState.REPAIRING;
            states.add(IndexerState.of(new IndexerId("acc" + i + ".near", "feed"), s, s != LifecycleState.SUSPENDED));
        }
        vm.apply(List.of(StateBatch.full(states, Instant.now())));
        List<IndexerRow> rows = vm.allRows().stream().sorted(java.util.Comparator.comparing(IndexerRow::id)).toList();
        List<IndexerRow> targets = rows.stream().filter(r -> r.state().lifecycle() == LifecycleState.RUNNING).toList();
        List<CommandPlan.Skipped> skipped = rows.stream().filter(r -> r.state().lifecycle() != LifecycleState.RUNNING)
                .map(r -> new CommandPlan.Skipped(r, r.state().lifecycle() == LifecycleState.SUSPENDED ? "already suspended"
                        : "in progress elsewhere")).toList();
        dialog = new CommandConfirmDialog(null, new CommandPlan(CommandKind.SUSPEND, targets, skipped,
                List.of("It stays Repairing: the coordinator stores enabled=false but ignores it in Repairing (2 indexers)")));
        dialog.show();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get();
    }

    @Test
    void fortyTargetsAreReadableAndSkippedOnesAreGroupedByWhy() throws Exception {
        ListView<String> targets = lookup("#" + CommandConfirmDialog.TARGETS_ID).queryListView();
        ListView<String> skipped = lookup("#" + CommandConfirmDialog.SKIPPED_ID).queryListView();
        assertThat(fx(() -> targets.getItems())).hasSize(40).allSatisfy(t -> assertThat(t).endsWith("(Running)"));
        assertThat(fx(() -> targets.getHeight())).as("twelve rows visible, then it scrolls")
                .isGreaterThanOrEqualTo(CommandConfirmDialog.MAX_LIST_ROWS * CommandConfirmDialog.ROW_HEIGHT);
        assertThat(fx(() -> skipped.getItems())).hasSize(6);
        assertThat(fx(() -> skipped.getItems().getFirst())).endsWith("— already suspended");
        assertThat(fx(() -> lookup(".label").queryAllAs(Label.class).stream().map(Label::getText).toList()))
                .contains("Skipped (6): already suspended × 4; in progress elsewhere × 2")
                .anySatisfy(t -> assertThat(t).startsWith("It stays Repairing"));
        interact(() -> Screenshots.save(dialog.getDialogPane(), "confirm-bulk.png"));
        interact(dialog::close);
    }
}
