package dev.watchkeeper.app.logs;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.logs.LogSources;
import dev.watchkeeper.connectors.logs.LogTail;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.LogLevel;
import dev.watchkeeper.connectors.proto.indexer.LogLine;
import dev.watchkeeper.connectors.proto.indexer.LogsRequest;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A coordinator that accepts the Logs stream and then sends nothing (a real gRPC server on
 * loopback): the log pane says "no data" within the idle time, the window stays responsive, and
 * the pane is live again with the line once the server sends one.
 */
class HungLogStreamTest extends ApplicationTest {

    private static final IndexerId ID = new IndexerId("morgs.near", "social_feed");

    private final AtomicReference<StreamObserver<LogLine>> accepted = new AtomicReference<>();
    private Server server;
    private ManagedChannel channel;
    private LogFeed feed;
    private LogPaneViewModel vm;
    private String idleBefore;

    @Override
    public void start(Stage stage) {
        vm = new LogPaneViewModel(100);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(new LogPane(vm), 900, 400);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/dev/watchkeeper/app/watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void closeServer() throws Exception {
        if (feed != null) {
            feed.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
        if (idleBefore == null) {
            System.clearProperty(LogTail.IDLE_PROPERTY);
        } else {
            System.setProperty(LogTail.IDLE_PROPERTY, idleBefore);
        }
    }

    private String status() throws Exception {
        return fx(() -> lookup("#" + LogPane.STATUS_ID).queryAs(Label.class).getText());
    }

    @Test
    void aHungLogsStreamShowsNoDataWithinTheIdleTimeKeepsTheWindowResponsiveAndRecoversWhenLinesCome() throws Exception {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new IndexerOperationsGrpc.IndexerOperationsImplBase() {
                    @Override
                    public void logs(LogsRequest request, StreamObserver<LogLine> out) {
                        accepted.set(out);
                    }
                }).build().start();
        channel = Channels.plaintext("127.0.0.1:" + server.getPort());
        idleBefore = System.getProperty(LogTail.IDLE_PROPERTY);
        System.setProperty(LogTail.IDLE_PROPERTY, "1");
        LogSources sources = new LogSources(channel, null, Duration.ofSeconds(1), Duration.ofSeconds(5), Clock.systemUTC());
        long opened = System.nanoTime();
        feed = fx(() -> LogFeed.follow(sources, ID, vm));

        await().atMost(Duration.ofSeconds(10)).until(() -> status().equals("○ no data"));
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofSeconds(4));
        assertThat(fx(() -> lookup("#" + LogPane.STATUS_ID).queryAs(Label.class).getTooltip().getText()))
                .startsWith("no log line for ").contains("a hung coordinator");
        // the FX thread is not held by the silent stream: a call answers at once
        long t0 = System.nanoTime();
        fx(() -> vm.allLines().size());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() != null);
        accepted.get().onNext(LogLine.newBuilder().setTimestampUnixMs(System.currentTimeMillis()).setLevel(LogLevel.INFO)
                .setMessage("indexed block 130000000").setBlockHeight(130_000_000L).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> status().equals("● live")
                && fx(() -> vm.allLines().stream().anyMatch(l -> l.message().equals("indexed block 130000000"))));
    }
}
