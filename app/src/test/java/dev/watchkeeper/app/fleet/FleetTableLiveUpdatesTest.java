package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.app.prefs.MemoryPreferences;
import dev.watchkeeper.connectors.commands.CommandRunner;
import dev.watchkeeper.connectors.commands.GrpcCommandGateway;
import dev.watchkeeper.connectors.commands.ObservedStates;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditLog;
import io.grpc.ManagedChannel;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet table shows a changed state in its row whether or not the change moves the row: sorted
 * by name, a change costs no re-sort (no list change at all); sorted by lifecycle, the row moves.
 */
class FleetTableLiveUpdatesTest extends ApplicationTest {

    @TempDir
    static Path dir;
    private ManagedChannel channel;
    private CommandRunner runner;
    private FleetViewModel fleet;
    private FleetView view;
    private final List<Integer> listChanges = new ArrayList<>();

    private static IndexerId id(int i) {
        return new IndexerId(String.format("acct%02d.near", i), "fn");
    }

    @Override
    public void start(Stage stage) {
        // never called: the table needs a command service, this test runs no command
        channel = Channels.plaintext("127.0.0.1:9");
        runner = new CommandRunner(new GrpcCommandGateway(channel, Duration.ofSeconds(1), false), new ObservedStates(),
                new AuditLog(dir.resolve("audit.jsonl")), "test", Duration.ofSeconds(1), Duration.ofMillis(50), Clock.systemUTC());
        fleet = new FleetViewModel();
        List<IndexerState> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(IndexerState.of(id(i), LifecycleState.RUNNING, true));
        }
        fleet.apply(List.of(StateBatch.full(all, Instant.now())));
        view = new FleetView(fleet, new CommandService(runner), new SimpleObjectProperty<>(Instant.now()),
                new SavedFilters(new MemoryPreferences()));
        fleet.sortedRows().addListener((ListChangeListener<IndexerRow>) c -> listChanges.add(1));
        stage.setScene(new Scene(view, 980, 500));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        runner.close();
        channel.shutdownNow();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void change(int i, LifecycleState to) throws Exception {
        fx(() -> {
            fleet.apply(List.of(StateBatch.changes(List.of(IndexerState.of(id(i), to, to == LifecycleState.RUNNING)), Set.of(), Instant.now())));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableColumn<IndexerRow, ?> column(String title) {
        return view.table().getColumns().stream().filter(c -> c.getText().equals(title)).findFirst().orElseThrow();
    }

    /** The text of the lifecycle cell on screen in the row of {@code id}, if that row is on screen. */
    private Optional<String> lifecycleShown(IndexerId id) {
        return lookup(".wk-lifecycle-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableRow() != null && c.getTableRow().getItem() != null
                        && ((IndexerRow) c.getTableRow().getItem()).id().equals(id))
                .map(TableCell::getText).findFirst();
    }

    @Test
    void sortedByAccountAChangeShowsInItsRowWithoutReSortingTheTable() throws Exception {
        fx(() -> view.table().getSortOrder().setAll(List.of(column("Account"))));
        assertThat(fx(() -> fleet.sortFollowsChangesProperty().get())).isFalse();
        listChanges.clear();

        change(3, LifecycleState.SUSPENDED);

        assertThat(lifecycleShown(id(3))).contains("Suspended");
        assertThat(fx(() -> view.table().getItems().get(3).id())).isEqualTo(id(3));
        assertThat(listChanges).as("no list change, so no re-sort of the whole table").isEmpty();
    }

    @Test
    void sortedByLifecycleAChangedRowMovesToItsPlace() throws Exception {
        TableColumn<IndexerRow, ?> lifecycle = column("Lifecycle");
        fx(() -> {
            lifecycle.setSortType(TableColumn.SortType.DESCENDING);
            view.table().getSortOrder().setAll(List.of(lifecycle));
            return null;
        });
        assertThat(fx(() -> fleet.sortFollowsChangesProperty().get())).isTrue();

        change(25, LifecycleState.REPAIRING);

        assertThat(fx(() -> view.table().getItems().getFirst().id())).isEqualTo(id(25));
        assertThat(lifecycleShown(id(25))).contains("Repairing");
    }

    @Test
    void withAFilterOnAChangedRowLeavesOrJoinsTheTable() throws Exception {
        fx(() -> view.table().getSortOrder().setAll(List.of(column("Account"))));
        fx(() -> {
            fleet.setFilter(new FleetFilter("", Set.of(LifecycleState.RUNNING), Set.of()));
            return null;
        });

        change(5, LifecycleState.SUSPENDED);

        assertThat(fx(() -> view.table().getItems().stream().map(IndexerRow::id).toList())).doesNotContain(id(5)).hasSize(39);
    }
}
