package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.dialogs.ScriptedDialogService;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.connectors.commands.CommandRunner;
import dev.watchkeeper.connectors.commands.GrpcCommandGateway;
import dev.watchkeeper.connectors.commands.ObservedStates;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.proto.indexer.DisableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.audit.AuditLog;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import javafx.scene.Scene;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A coordinator that accepts Disable but never acts on it (a real gRPC server on loopback): the
 * row shows the command pending, then failed with the observed state as the reason.
 */
class PendingCommandTest extends ApplicationTest {

    private static final IndexerId ID = new IndexerId("lazy.near", "feed");

    @TempDir
    static Path dir;
    private Server server;
    private ManagedChannel channel;
    private CommandRunner runner;
    private FleetViewModel fleet;
    private CommandService commands;
    private final ScriptedDialogService dialogs = new ScriptedDialogService();

    @Override
    public void start(Stage stage) throws Exception {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new IndexerManagerGrpc.IndexerManagerImplBase() {
            @Override
            public void disable(IndexerRequest request, StreamObserver<DisableIndexerResponse> out) {
                out.onNext(DisableIndexerResponse.newBuilder().setSuccess(true).build());
                out.onCompleted();
            }
        }).build().start();
        channel = Channels.plaintext("127.0.0.1:" + server.getPort());
        ObservedStates observed = new ObservedStates();
        StateBatch batch = StateBatch.full(List.of(IndexerState.of(ID, LifecycleState.RUNNING, true)), Instant.now());
        observed.onStates(batch);
        runner = new CommandRunner(new GrpcCommandGateway(channel, Duration.ofSeconds(5), false), observed,
                new AuditLog(dir.resolve("audit.jsonl")), "lazy", Duration.ofSeconds(4), Duration.ofMillis(50), Clock.systemUTC());
        commands = new CommandService(runner);
        commands.capabilitiesProperty().set(Capabilities.all());
        fleet = new FleetViewModel();
        fleet.apply(List.of(batch));
        FleetView view = new FleetView(fleet, commands, new javafx.beans.property.SimpleObjectProperty<>(Instant.now()),
                new dev.watchkeeper.app.fleet.SavedFilters(new dev.watchkeeper.app.prefs.MemoryPreferences()));
        view.setCommandBar(new CommandBar(commands, view.table().getSelectionModel().getSelectedItems(), dialogs, null));
        view.table().getSelectionModel().select(0);
        stage.setScene(new Scene(view, 980, 400));
        stage.show();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        runner.close();
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    void anAcceptedCommandIsPendingUntilTheStateConfirmsOtherwiseItFailsWithTheReason() throws Exception {
        IndexerRow row = fx(() -> fleet.row(ID));
        clickOn("#" + CommandBar.id(CommandKind.SUSPEND));

        assertThat(dialogs.asked).hasSize(1);
        assertThat(dialogs.asked.getFirst().targets()).containsExactly(row);
        await().atMost(Duration.ofSeconds(5)).until(() -> "Suspend accepted; waiting for Suspended".equals(fx(() -> row.commandNoteProperty().get())));
        assertThat(lookup("Suspend accepted; waiting for Suspended").tryQuery()).isPresent();
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.SUSPEND)).queryButton().isDisabled())).isTrue();

        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> row.commandNoteProperty().get()).startsWith("Suspend failed"));
        assertThat(fx(() -> row.commandNoteProperty().get()))
                .isEqualTo("Suspend failed: not confirmed within 4 s; state is Running (expected Suspended);"
                        + " the coordinator answered, but enabled=false was never observed");
        assertThat(fx(() -> lookup("#" + CommandBar.id(CommandKind.SUSPEND)).queryButton().isDisabled())).isFalse();
        assertThat(dialogs.shown).isEmpty();
    }
}
